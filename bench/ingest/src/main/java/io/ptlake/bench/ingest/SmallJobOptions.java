package io.ptlake.bench.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM options the {@code ptlake} launcher gives a job on little input, read from the file the
 * launcher reads ({@code spark-jobs/conf/small-job.properties}), so that the benchmark's steps run
 * as {@code ./ptlake} would run them.
 */
record SmallJobOptions(long maxInputBytes, List<String> jvmOptions) {
  static final String FILE = "spark-jobs/conf/small-job.properties";

  static SmallJobOptions load(Path ptlakeHome) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(ptlakeHome.resolve(FILE))) {
      properties.load(in);
    }
    long maxMb = Long.parseLong(properties.getProperty("max_input_mb").strip());
    List<String> options =
        Arrays.stream(properties.getProperty("jvm_options").strip().split("\\s+")).toList();
    return new SmallJobOptions(maxMb * 1024 * 1024, options);
  }

  /** The options for a job reading {@code jsonBytes} of JSON: none when it is not small. */
  List<String> forInput(long jsonBytes) {
    return jsonBytes < maxInputBytes ? jvmOptions : List.of();
  }
}
