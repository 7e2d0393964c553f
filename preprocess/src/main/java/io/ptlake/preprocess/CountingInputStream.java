package io.ptlake.preprocess;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts the bytes read through it and reports the count each time it crosses a multiple of
 * {@code reportEvery}; checked per read, i.e. per parser buffer refill, never per token.
 */
final class CountingInputStream extends FilterInputStream {
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
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    advance(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void advance(long n) {
    count += n;
    if (count >= nextReport) {
      nextReport = (count / reportEvery + 1) * reportEvery;
      listener.accept(count);
    }
  }
}
