package io.ptlake.preprocess;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;

/**
 * A batch of array elements (negotiated rates) for one of {@link ParallelScan}'s scanners: their
 * source bytes, copied one after the other by the thread that walks the file, and the records the
 * scanner made of them, or what stopped it. Reused from batch to batch; its buffers grow with a
 * large element and shrink back once it is written.
 */
final class ScanUnit {
  private static final int INITIAL_ELEMENTS = 256;

  /**
   * A unit is handed over once it holds {@code unitBytes}: room for a quarter more takes the
   * element that crosses that mark, and the records are about as long as the source (blanks
   * dropped, {@code "item":N} added) but for escapes rendered longer.
   */
  private final int inputBytes;
  private final int outputBytes;

  /** Source bytes of the elements: element i is {@code input[end(i-1), elementEnd[i])}. */
  byte[] input;
  int inputLength;
  int elements;
  int[] elementEnd = new int[INITIAL_ELEMENTS];
  /** The stream offset of each element's first byte, for the scanner's error offsets. */
  long[] elementOffset = new long[INITIAL_ELEMENTS];
  /** The ordinal of the in_network item each element (a rate) belongs to. */
  long[] elementItem = new long[INITIAL_ELEMENTS];

  /** One record per element, each with its newline; record i ends at {@code recordEnd[i]}. */
  final RecordSink output;
  int[] recordEnd = new int[INITIAL_ELEMENTS];
  /** What stopped the scanner, null if it made every record. */
  Throwable failure;
  private boolean done;

  ScanUnit(int unitBytes) {
    this.inputBytes = unitBytes + unitBytes / 4;
    this.outputBytes = unitBytes + unitBytes / 2;
    this.input = new byte[inputBytes];
    this.output = RecordSink.growable(outputBytes);
  }

  /** Room for {@code more} input bytes. */
  void ensureRoom(int more) {
    if (input.length - inputLength < more) {
      input = Arrays.copyOf(input, Math.max(input.length * 2, inputLength + more));
    }
  }

  void append(byte[] bytes, int from, int length) {
    ensureRoom(length);
    System.arraycopy(bytes, from, input, inputLength, length);
    inputLength += length;
  }

  /** The bytes appended since the last element form one more, read at {@code offset}. */
  void endElement(long offset, long item) {
    if (elements == elementEnd.length) {
      int more = elements * 2;
      elementEnd = Arrays.copyOf(elementEnd, more);
      elementOffset = Arrays.copyOf(elementOffset, more);
      elementItem = Arrays.copyOf(elementItem, more);
      recordEnd = Arrays.copyOf(recordEnd, more);
    }
    elementEnd[elements] = inputLength;
    elementOffset[elements] = offset;
    elementItem[elements] = item;
    elements++;
  }

  /** Where the element being appended starts in {@link #input}. */
  int elementStart() {
    return elements == 0 ? 0 : elementEnd[elements - 1];
  }

  /** Empties the unit for the next batch; buffers grown by a large element are let go. */
  void reset() {
    if (input.length > inputBytes) {
      input = new byte[inputBytes];
    }
    inputLength = 0;
    elements = 0;
    output.shrink(outputBytes);
    failure = null;
    done = false;
  }

  /** Called by the scanner once the records are made or it has failed. */
  synchronized void finished() {
    done = true;
    notifyAll();
  }

  synchronized boolean isFinished() {
    return done;
  }

  synchronized void awaitFinished() throws InterruptedIOException {
    while (!done) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while waiting for a parallel scanner");
      }
    }
  }

  /** Throws what stopped the scanner, as it was thrown. */
  void rethrowFailure() throws IOException {
    Throwable t = failure;
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IOException(t);
    }
  }
}
