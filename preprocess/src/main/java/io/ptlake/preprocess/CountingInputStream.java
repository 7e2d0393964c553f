package io.ptlake.preprocess;

import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts the bytes read through it and reports the count each time it crosses a multiple of
 * {@code reportEvery}.
 */
final class CountingInputStream extends MeteredInputStream {
  private final long reportEvery;
  private final LongConsumer listener;
  /** Volatile: another thread may read the count of a stream being read. */
  private volatile long count;
  private long nextReport;

  CountingInputStream(InputStream in, long reportEvery, LongConsumer listener) {
    super(in);
    this.reportEvery = reportEvery;
    this.listener = listener;
    this.nextReport = reportEvery;
  }

  long count() {
    return count;
  }

  @Override
  void advance(long n) {
    count += n;
    if (count >= nextReport) {
      nextReport = (count / reportEvery + 1) * reportEvery;
      listener.accept(count);
    }
  }
}
