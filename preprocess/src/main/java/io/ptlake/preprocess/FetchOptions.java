package io.ptlake.preprocess;

import io.ptlake.preprocess.remote.FetchLimits;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The limits of fetching remote provider files, as command-line options. */
public final class FetchOptions {
  @Option(
      names = "--remote-max-mb",
      paramLabel = "N",
      defaultValue = "" + (FetchLimits.MAX_JSON_BYTES_DEFAULT >> 20),
      description = "A remote provider file whose JSON exceeds N MiB fails (default: ${DEFAULT-VALUE}).")
  long maxMb = FetchLimits.MAX_JSON_BYTES_DEFAULT >> 20;

  @Option(
      names = "--remote-timeout-s",
      paramLabel = "S",
      defaultValue = "" + FetchLimits.TIMEOUT_SECONDS_DEFAULT,
      description = "A remote provider file not fetched within S seconds fails (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = FetchLimits.TIMEOUT_SECONDS_DEFAULT;

  @Option(
      names = "--remote-concurrency",
      paramLabel = "N",
      defaultValue = "" + FetchLimits.CONCURRENCY_DEFAULT,
      description = "Remote provider files fetched at once (default: ${DEFAULT-VALUE}).")
  int concurrency = FetchLimits.CONCURRENCY_DEFAULT;

  public FetchLimits limits(CommandSpec spec) {
    try {
      return new FetchLimits(maxMb << 20, Duration.ofSeconds(timeoutSeconds), concurrency);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
