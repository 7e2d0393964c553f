package io.ptlake.preprocess;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * The position of {@link JsonByteScanner} in the source: the block of the {@link BlockPipeline}
 * being read, the stream offset, the bytes read but not yet written to the current sink, and the
 * blanks between tokens (never copied). Every read here may move to the next block.
 *
 * <p>A cursor without a pipeline reads one range of bytes at a time ({@link #scanRange}): a
 * parallel scanner's element. A cursor may also read bytes it has already consumed again
 * ({@link #replay}) before going on with its block.
 */
abstract class BlockCursor {
  private static final byte[] NO_BYTES = new byte[0];

  /** The blocks of the source, or null for a cursor over ranges. */
  private final BlockPipeline source;
  private final LongConsumer progress;

  /** The block being scanned: bytes {@code [p, end)} of {@code b} are still to be read. */
  private BlockPipeline.Block block;
  byte[] b = NO_BYTES;
  int p;
  int end;
  /** Stream offset of {@code b[0]}. */
  long base;
  private boolean eof;
  private long nextProgress = PreprocessConfig.PROGRESS_EVERY_BYTES;

  /** Where the block's reading resumes after a {@link #replay}; {@code resumeBytes} null if none. */
  private byte[] resumeBytes;
  private BlockPipeline.Block resumeBlock;
  private int resumeAt;
  private int resumeEnd;
  private long resumeBase;

  /** Where scanned bytes go, or null while skipping; {@code [mark, p)} is not yet written there. */
  RecordSink out;
  int mark;

  BlockCursor(BlockPipeline source, LongConsumer progress) {
    this.source = source;
    this.progress = progress;
  }

  /**
   * Reads {@code bytes[from, to)}, the source's bytes from stream offset {@code offset}, as the
   * whole input: the end of the range reads as the end of input. Only for a cursor without a
   * pipeline.
   */
  final void scanRange(byte[] bytes, int from, int to, long offset) {
    b = bytes;
    p = from;
    mark = from;
    end = to;
    base = offset - from;
    out = null;
  }

  /**
   * Reads {@code bytes[from, to)}, source bytes from stream offset {@code offset} that this cursor
   * has already consumed, once more; then goes on where it is.
   */
  final void replay(byte[] bytes, int from, int to, long offset) {
    resumeBytes = b;
    resumeBlock = block;
    resumeAt = p;
    resumeEnd = end;
    resumeBase = base;
    block = null;
    scanRange(bytes, from, to, offset);
  }

  /** Consumes the byte {@link #peekNonWs} returned. */
  void skipPeeked() {
    p++;
  }
  /** Bytes of JSON read, all of them once the document has been scanned. */
  long jsonBytes() {
    return base + end;
  }
  /**
   * A UTF-8 byte order mark before the top-level value is skipped, as jackson's parser skips it;
   * it is not part of the JSON and never reaches a chunk. UTF-16 and UTF-32 sources (which jackson
   * detects and decodes) are left to the reference splitter.
   */
  void skipByteOrderMark() throws IOException {
    if (peekByte() == 0xEF) {
      p++;
      if (nextByte() != 0xBB || nextByte() != 0xBF) {
        throw unsupported("a top-level value starting with 0xEF that is not a byte order mark");
      }
    }
  }
  /** Skips blanks; returns the next byte without consuming it, or -1 at the end of input. */
  final int peekNonWs() throws IOException {
    for (;;) {
      if (p < end) {
        int c = b[p] & 0xFF;
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          skipWs();
          continue;
        }
        return c;
      }
      if (!fill()) {
        return -1;
      }
    }
  }

  /** Skips blanks and consumes the next byte; -1 at the end of input. */
  final int nextNonWs() throws IOException {
    for (;;) {
      if (p < end) {
        int c = b[p] & 0xFF;
        if (c > ' ') {
          p++;
          return c;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          skipWs();
          continue;
        }
        p++;
        return c;
      }
      if (!fill()) {
        return -1;
      }
    }
  }

  /** Blanks are not copied: what is pending is written and the copy resumes after them. */
  private void skipWs() throws IOException {
    flushTo(p);
    final byte[] buf = b;
    final int limit = end;
    int i = p;
    while (i < limit) {
      byte c = buf[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        break;
      }
      i++;
    }
    p = i;
    mark = i;
  }

  final int nextByte() throws IOException {
    if (p == end && !fill()) {
      return -1;
    }
    return b[p++] & 0xFF;
  }

  final int peekByte() throws IOException {
    if (p == end && !fill()) {
      return -1;
    }
    return b[p] & 0xFF;
  }

  /**
   * Writes what is pending up to {@code position}. Between blanks (a file written with ", " and
   * ": ") the ranges are single tokens: those go by two word copies, not System.arraycopy.
   */
  final void flushTo(int position) throws IOException {
    int length = position - mark;
    if (out != null && length > 0) {
      if (length <= 16 && mark + 16 <= b.length) {
        out.writeShort(b, mark, length);
      } else {
        out.write(b, mark, length);
      }
    }
    mark = position;
  }

  /** Moves to the next block once this one is read; false at the end of input. */
  final boolean fill() throws IOException {
    flushTo(end);
    if (resumeBytes != null) {
      b = resumeBytes;
      block = resumeBlock;
      p = resumeAt;
      mark = resumeAt;
      end = resumeEnd;
      base = resumeBase;
      resumeBytes = null;
      resumeBlock = null;
      if (p < end) {
        return true;
      }
    }
    if (eof || source == null) {
      return false;
    }
    if (block != null) {
      base += end;
      source.release(block);
      block = null;
      b = NO_BYTES;
      p = 0;
      end = 0;
      mark = 0;
    }
    BlockPipeline.Block next = source.next();
    if (next.length < 0) {
      eof = true;
      return false;
    }
    block = next;
    b = next.bytes;
    p = 0;
    mark = 0;
    end = next.length;
    long read = base + end;
    if (read >= nextProgress) {
      nextProgress = (read / PreprocessConfig.PROGRESS_EVERY_BYTES + 1)
          * PreprocessConfig.PROGRESS_EVERY_BYTES;
      progress.accept(read);
    }
    return true;
  }

  FastPathUnsupported unsupported(String what) {
    return new FastPathUnsupported(what + " at byte offset " + (base + p));
  }
}
