package io.ptlake.preprocess;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The decoded JSON of a source, failing once more than {@code maxBytes} come out of it: a
 * decompression bomb (a few MB of gzip that inflate to terabytes) costs at most that much work
 * and output. Checked per read, never per byte.
 */
final class BoundedJsonStream extends FilterInputStream {

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

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  /** Reads at most one byte past the limit, which is enough to know it was passed. */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, (int) Math.min(len, maxBytes - count + 1));
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(n, maxBytes - count + 1));
    advance(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void advance(long n) throws LimitExceeded {
    count += n;
    if (count > maxBytes) {
      throw new LimitExceeded(maxBytes);
    }
  }
}
