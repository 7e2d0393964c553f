package io.ptlake.preprocess;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte buffer {@link JsonByteScanner} writes one chunk part through: raw ranges of the source are
 * appended with {@link System#arraycopy}, and the buffer is handed to the part's stream only when
 * full, so a write costs no call beyond the copy. Not thread-safe; one per {@link ChunkWriter}.
 *
 * <p>A full buffer goes either to a stream, on the caller's thread, or through a {@link Handoff}
 * that takes the buffer itself and gives back another to fill (the writes then happen elsewhere),
 * or, in a {@link #growable} sink, nowhere: the buffer grows and holds everything written.
 */
final class RecordSink {
  static final int BUFFER_BYTES = 256 * 1024;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Takes a full buffer ({@code length} bytes from 0) and returns an empty one to fill next. */
  interface Handoff {
    byte[] handOff(byte[] full, int length) throws IOException;
  }

  private byte[] buf = new byte[BUFFER_BYTES];
  private int pos;
  private OutputStream out;
  private Handoff handoff;
  private long flushed;
  private boolean grows;

  /** A sink that keeps everything written in its buffer ({@link #buffer}, {@link #length}). */
  static RecordSink growable(int initialBytes) {
    RecordSink sink = new RecordSink();
    sink.buf = new byte[initialBytes];
    sink.grows = true;
    return sink;
  }

  /** A growable sink's buffer, back to {@code bytes} if it grew larger, and emptied. */
  void shrink(int bytes) {
    if (buf.length > bytes) {
      buf = new byte[bytes];
    }
    reset();
  }

  void open(OutputStream partStream) {
    this.out = partStream;
    this.handoff = null;
    this.pos = 0;
    this.flushed = 0;
  }

  void open(Handoff partWriter) {
    this.out = null;
    this.handoff = partWriter;
    this.pos = 0;
    this.flushed = 0;
  }

  /** JSON bytes of the part so far, buffered ones included. */
  long size() {
    return flushed + pos;
  }

  void write(byte b) throws IOException {
    if (pos == buf.length) {
      drain();
    }
    buf[pos++] = b;
  }

  void write(byte[] src, int off, int len) throws IOException {
    if (len <= buf.length - pos) {
      System.arraycopy(src, off, buf, pos, len);
      pos += len;
      return;
    }
    if (grows) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + len));
      System.arraycopy(src, off, buf, pos, len);
      pos += len;
      return;
    }
    drain();
    if (len >= buf.length && handoff == null) {
      out.write(src, off, len);
      flushed += len;
    } else if (len >= buf.length) {
      // each buffer is handed over whole: split the range
      for (int n; len > 0; off += n, len -= n) {
        n = Math.min(len, buf.length - pos);
        System.arraycopy(src, off, buf, pos, n);
        pos += n;
        if (pos == buf.length) {
          drain();
        }
      }
    } else {
      System.arraycopy(src, off, buf, 0, len);
      pos = len;
    }
  }

  /**
   * Appends {@code len <= 16} bytes of {@code src}, which must have 16 readable bytes at {@code
   * off}: two word copies instead of a call to System.arraycopy, for one short token.
   */
  void writeShort(byte[] src, int off, int len) throws IOException {
    if (buf.length - pos < 16) {
      write(src, off, len);
      return;
    }
    LONGS.set(buf, pos, (long) LONGS.get(src, off));
    LONGS.set(buf, pos + 8, (long) LONGS.get(src, off + 8));
    pos += len;
  }

  /** An ASCII constant such as a field name of the format. */
  void writeAscii(byte[] ascii) throws IOException {
    write(ascii, 0, ascii.length);
  }

  void writeLong(long value) throws IOException {
    if (buf.length - pos < 20) {
      drain();
    }
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        writeAscii(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        return;
      }
      buf[pos++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    int at = pos + digits;
    pos = at;
    do {
      buf[--at] = (byte) ('0' + (value % 10));
      value /= 10;
    } while (value > 0);
  }

  /** Writes what is buffered to the part's stream; a growable sink makes room instead. */
  void drain() throws IOException {
    if (grows) {
      // room for the longest write that drains first (a number, a short token)
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + 64));
    } else if (pos > 0 && handoff != null) {
      buf = handoff.handOff(buf, pos);
      flushed += pos;
      pos = 0;
    } else if (pos > 0) {
      out.write(buf, 0, pos);
      flushed += pos;
      pos = 0;
    }
  }

  /**
   * A sink that only keeps one short token in its buffer (a field name, an id, a header value):
   * a token that does not fit is left to the reference splitter.
   */
  static RecordSink capture() {
    RecordSink sink = new RecordSink();
    sink.open(CAPTURE_OVERFLOW);
    return sink;
  }

  void reset() {
    pos = 0;
    flushed = 0;
  }

  byte[] buffer() {
    return buf;
  }

  int length() {
    return pos;
  }

  private static final OutputStream CAPTURE_OVERFLOW = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      throw new FastPathUnsupported("a token longer than " + BUFFER_BYTES + " bytes");
    }
  };

  /** Drops the buffered bytes and the stream, after a failure. */
  void discard() {
    pos = 0;
    out = null;
    handoff = null;
  }
}
