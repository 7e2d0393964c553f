package io.ptlake.spark;

import io.ptlake.spark.cli.PtlakeCli;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code ptlake args} in a new JVM, for tests that kill or retry a run. */
public final class ChildJvm {
  private ChildJvm() {}

  /** java, Spark's Java 17 flags, {@code jvmOptions}, this JVM's classpath, PtlakeCli, args. */
  public static List<String> ptlake(List<String> jvmOptions, String... args) {
    return java(jvmOptions, PtlakeCli.class.getName(), args);
  }

  /** The same with another main class of the test classpath. */
  public static List<String> java(List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Surefire's argLine (the root pom's spark.java17.opens): the flags Spark needs on Java 17.
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || flag.startsWith("-Djdk.reflect.useDirectMethodHandle")) {
        command.add(flag);
      }
    }
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return command;
  }
}
