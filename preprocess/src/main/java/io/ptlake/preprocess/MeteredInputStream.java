package io.ptlake.preprocess;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A pass-through stream told how many bytes each read or skip moved: once per call, i.e. per
 * buffer refill, never per byte. Marks are refused, as a reset would move the count backwards.
 */
abstract class MeteredInputStream extends FilterInputStream {

  MeteredInputStream(InputStream in) {
    super(in);
  }

  /** The most bytes the next read or skip may move. */
  long allowance() {
    return Long.MAX_VALUE;
  }

  /** Called after every read or skip with the number of bytes it moved. */
  abstract void advance(long n) throws IOException;

  @Override
  public final int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, (int) Math.min(len, allowance()));
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  @Override
  public final long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(n, allowance()));
    advance(skipped);
    return skipped;
  }

  @Override
  public final boolean markSupported() {
    return false;
  }
}
