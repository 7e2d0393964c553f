package io.ptlake.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether this JVM ran child processes, from Linux's /proc/self/stat: {@code cminflt},
 * the page faults of the children it has waited for. Every exec'd program faults in its loader
 * and libc, so the count grows with each {@code chmod} Hadoop forks, and stays put otherwise.
 */
final class ChildProcessMeter {
  private static final Path STAT = Path.of("/proc/self/stat");
  // Fields after the ")" that closes the command name: state is field 3, cminflt field 11.
  private static final int CMINFLT_AFTER_COMMAND = 11 - 3;

  private ChildProcessMeter() {}

  static boolean available() {
    return Files.isReadable(STAT);
  }

  static long childPageFaults() {
    try {
      String stat = Files.readString(STAT);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[CMINFLT_AFTER_COMMAND]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
