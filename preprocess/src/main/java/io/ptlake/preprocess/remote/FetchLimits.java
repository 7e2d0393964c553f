package io.ptlake.preprocess.remote;

import java.time.Duration;

/**
 * Bounds of the fetches of remote provider files: the files come from URLs in untrusted input, so
 * neither their size nor the time a server takes may be left open.
 *
 * @param maxJsonBytes a file whose JSON (after gzip decoding) exceeds this fails; also bounds the
 *     disk a fetched file takes while its groups are written
 * @param timeout a fetch not done within this (connection, headers and body) fails
 * @param concurrency files fetched at once
 */
public record FetchLimits(long maxJsonBytes, Duration timeout, int concurrency)
    implements java.io.Serializable {
  public static final long MAX_JSON_BYTES_DEFAULT = 512L << 20;
  public static final long TIMEOUT_SECONDS_DEFAULT = 300;
  public static final Duration TIMEOUT_DEFAULT = Duration.ofSeconds(TIMEOUT_SECONDS_DEFAULT);
  public static final int CONCURRENCY_DEFAULT = 4;
  public static final FetchLimits DEFAULTS =
      new FetchLimits(MAX_JSON_BYTES_DEFAULT, TIMEOUT_DEFAULT, CONCURRENCY_DEFAULT);

  public FetchLimits {
    if (maxJsonBytes <= 0 || timeout.isNegative() || timeout.isZero() || concurrency < 1) {
      throw new IllegalArgumentException(
          "Invalid fetch limits: size " + maxJsonBytes + ", timeout " + timeout
              + ", concurrency " + concurrency + " (all must be positive)");
    }
  }
}
