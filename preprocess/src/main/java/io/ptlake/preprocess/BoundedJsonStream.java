package io.ptlake.preprocess;

import java.io.IOException;
import java.io.InputStream;

/**
 * The decoded JSON of a source, failing once more than {@code maxBytes} come out of it: a
 * decompression bomb (a few MB of gzip that inflate to terabytes) costs at most that much work
 * and output.
 */
final class BoundedJsonStream extends MeteredInputStream {

  /** The source holds more JSON than allowed; not a transient failure. */
  static final class LimitExceeded extends IOException {
    LimitExceeded(long maxBytes) {
      super(String.format(
          "Decompressed JSON exceeds the limit of %,d bytes (--max-json-gb %s)",
          maxBytes, gib(maxBytes)));
    }

    private static String gib(long bytes) {
      return bytes % (1L << 30) == 0
          ? Long.toString(bytes >> 30)
          : String.format(java.util.Locale.ROOT, "%.3f", bytes / (double) (1L << 30));
    }
  }

  private final long maxBytes;
  private long count;

  BoundedJsonStream(InputStream in, long maxBytes) {
    super(in);
    this.maxBytes = maxBytes;
  }

  /** Reads at most one byte past the limit, which is enough to know it was passed. */
  @Override
  long allowance() {
    return maxBytes - count + 1;
  }

  @Override
  void advance(long n) throws LimitExceeded {
    count += n;
    if (count > maxBytes) {
      throw new LimitExceeded(maxBytes);
    }
  }
}
