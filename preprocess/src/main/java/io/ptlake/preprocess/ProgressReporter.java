package io.ptlake.preprocess;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Progress lines of one source on stderr, at most one per {@link #INTERVAL_SECONDS}: JSON read and
 * its rate, and where the stored size is known the share of it read and the time left at the
 * rate so far.
 */
final class ProgressReporter implements ProgressListener {
  static final long INTERVAL_SECONDS = 5;

  private static final double MB = 1e6;
  private static final long MIB = 1L << 20;

  private final PrintWriter err;
  private final long started = System.nanoTime();
  private long nextLine = started + TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);

  ProgressReporter(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void progress(long jsonBytes, long storedBytes, long storedSize) {
    long now = System.nanoTime();
    if (now - nextLine < 0) {
      return;
    }
    nextLine = now + TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);
    err.println(line(jsonBytes, storedBytes, storedSize, (now - started) / 1e9));
    err.flush();
  }

  static String line(long jsonBytes, long storedBytes, long storedSize, double seconds) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "preprocess: %,d MiB of JSON read, %.0f MB/s", jsonBytes / MIB, mbPerSecond(jsonBytes, seconds)));
    if (storedSize > 0 && storedBytes > 0) {
      double done = Math.min(1, storedBytes / (double) storedSize);
      long left = Math.round(seconds * (1 - done) / done);
      line.append(String.format(Locale.ROOT, ", %.1f%% of %,d MiB stored, ETA %s",
          done * 100, storedSize / MIB, duration(left)));
    }
    return line.toString();
  }

  static double mbPerSecond(long bytes, double seconds) {
    return seconds > 0 ? bytes / MB / seconds : 0;
  }

  /** {@code 1h02m03s}, {@code 2m03s} or {@code 3s}. */
  static String duration(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    if (h > 0) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", h, m, s);
    }
    return m > 0 ? String.format(Locale.ROOT, "%dm%02ds", m, s) : s + "s";
  }
}
