package io.ptlake.preprocess;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The negotiated rates of an in-network file scanned on several threads. The thread that walks
 * the file only finds where each rate ends ({@link ElementFinder}) and copies its bytes into a
 * {@link ScanUnit}; scanner threads validate and copy the units' rates into records, as {@link
 * TicRecordCopier} does on one thread; the walking thread writes the units' records to the rates
 * chunks in input order. So the chunk bytes are those of a serial scan, and memory is the fixed
 * pool of units ({@code 2 × threads + 1}), each about {@link #UNIT_BYTES} of input and as much of
 * output.
 *
 * <p>A rate longer than {@link #MAX_ELEMENT_BYTES}, or one the input ends in, is scanned by the
 * walking thread itself, once every rate before it is written. A scanner's failure is thrown in
 * input order: by the commit of its unit, or, when the walking thread fails itself, by {@link
 * #throwEarlierFailure} before the walking thread's own failure, so the first problem of the file
 * is the one reported, at its offset, as on one thread.
 *
 * <p>Each scanner counts prices, groups and {@code expected_rows} apart; {@link #finish} adds
 * its counts to the walking thread's (sums, in any order).
 */
final class ParallelScan implements Closeable {
  /** A unit is handed to a scanner once its rates reach this many bytes. */
  static final int UNIT_BYTES = 512 << 10;
  /** Longer rates are scanned on the walking thread: the memory bound of one unit. */
  static final int MAX_ELEMENT_BYTES = 4 << 20;

  private static final long STOP_JOIN_MILLIS = 10_000;

  /**
   * The scanner threads (0: no parallel scan), the input bytes of a unit and the longest rate
   * scanned in parallel.
   */
  record Sizes(int threads, int unitBytes, int maxElementBytes) {
    static Sizes of(int threads) {
      return new Sizes(threads, UNIT_BYTES, MAX_ELEMENT_BYTES);
    }
  }

  private final JsonByteScanner in;
  private final ChunkWriter rates;
  private final int unitBytes;
  private final int maxElementBytes;
  private final List<Scanner> scanners = new ArrayList<>();
  private final BlockingQueue<ScanUnit> work = new LinkedBlockingQueue<>();
  private final ArrayDeque<ScanUnit> free = new ArrayDeque<>();
  /** Units handed to the scanners, oldest first: committed in this order. */
  private final ArrayDeque<ScanUnit> pending = new ArrayDeque<>();
  private final ScanUnit stop = new ScanUnit(1);
  private ScanUnit filling;
  private boolean started;
  /** Whether a unit's failure was thrown: later units' failures come after it in the file. */
  private boolean unitFailed;

  /**
   * @param in the walking thread's scanner
   * @param sizes at least one thread; tests make units and the element bound small, so that
   *     every path is taken on small files
   */
  ParallelScan(JsonByteScanner in, ChunkWriter rates, Sizes sizes) {
    if (sizes.threads() < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + sizes.threads());
    }
    this.in = in;
    this.rates = rates;
    this.unitBytes = sizes.unitBytes();
    this.maxElementBytes = sizes.maxElementBytes();
    for (int i = 0; i < sizes.threads(); i++) {
      scanners.add(new Scanner(i));
    }
    for (int i = 0; i < 2 * sizes.threads() + 1; i++) {
      free.add(new ScanUnit(unitBytes));
    }
  }

  /**
   * Takes the rate at the cursor (its '{' peeked) of item {@code item}. Returns false when the
   * caller must copy it itself: every rate before it is then written, and the cursor reads it
   * from its first byte.
   */
  boolean addRate(long item) throws IOException {
    if (filling == null) {
      filling = nextFree();
    }
    int start = filling.inputLength;
    long offset = in.base + in.p;
    if (ElementFinder.copyElement(in, filling, maxElementBytes)) {
      filling.endElement(offset, item);
      if (filling.inputLength >= unitBytes) {
        dispatch();
      }
      return true;
    }
    byte[] consumed = Arrays.copyOfRange(filling.input, start, filling.inputLength);
    filling.inputLength = start;
    drain();
    if (consumed.length > 0) {
      in.replay(consumed, 0, consumed.length, offset);
    }
    return false;
  }

  /** Writes every rate taken so far; then adds the scanners' counts to {@code counts, rows}. */
  void finish(SplitCounts counts, ExpectedRowCounter rows) throws IOException {
    drain();
    for (Scanner scanner : scanners) {
      counts.add(scanner.counts);
      rows.add(scanner.rows);
    }
  }

  /**
   * Throws the first failure of a rate taken so far, if any: the walking thread failed after
   * them, so theirs comes first in the file.
   */
  void throwEarlierFailure() throws IOException {
    if (unitFailed) {
      // the walking thread's failure is a unit's, thrown by its commit: the first in the file
      return;
    }
    dispatch();
    for (ScanUnit unit : pending) {
      unit.awaitFinished();
      unit.rethrowFailure();
    }
  }

  /** Hands the unit being filled, if it holds rates, to the scanners. */
  private void dispatch() {
    if (filling == null || filling.elements == 0) {
      return;
    }
    if (!started) {
      started = true;
      scanners.forEach(scanner -> scanner.thread.start());
    }
    pending.add(filling);
    work.add(filling);
    filling = null;
  }

  /** Every unit taken so far written, in order. */
  private void drain() throws IOException {
    dispatch();
    while (!pending.isEmpty()) {
      commitOldest();
    }
  }

  /** A free unit, after writing the oldest pending one if none is free. */
  private ScanUnit nextFree() throws IOException {
    while (!pending.isEmpty() && (free.isEmpty() || pending.peek().isFinished())) {
      commitOldest();
    }
    return free.remove();
  }

  private void commitOldest() throws IOException {
    ScanUnit unit = pending.remove();
    unit.awaitFinished();
    unitFailed = unit.failure != null;
    unit.rethrowFailure();
    rates.writeRawRecords(unit.output.buffer(), unit.recordEnd, unit.elements);
    unit.reset();
    free.add(unit);
  }

  /** Stops the scanner threads; units still queued are dropped. */
  @Override
  public void close() throws IOException {
    if (!started) {
      return;
    }
    work.clear();
    for (int i = 0; i < scanners.size(); i++) {
      work.add(stop);
    }
    for (Scanner scanner : scanners) {
      try {
        scanner.thread.join(TimeUnit.MILLISECONDS.toMillis(STOP_JOIN_MILLIS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while stopping the parallel scanners");
      }
    }
  }

  /** One scanner thread, with its own scanner, counts and row counter. */
  private final class Scanner implements Runnable {
    final JsonByteScanner scanner = new JsonByteScanner();
    final SplitCounts counts = new SplitCounts();
    final ExpectedRowCounter rows = new ExpectedRowCounter();
    final TicRecordCopier copier = new TicRecordCopier(scanner, rows, counts);
    final Thread thread;
    private long item = -1;
    private byte[] itemStart;

    Scanner(int index) {
      thread = new Thread(this, "ptlake-scan-" + index);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      for (;;) {
        ScanUnit unit;
        try {
          unit = work.take();
        } catch (InterruptedException e) {
          return;
        }
        if (unit == stop) {
          return;
        }
        try {
          scan(unit);
        } catch (Throwable t) {
          unit.failure = t;
        }
        unit.finished();
      }
    }

    private void scan(ScanUnit unit) throws IOException {
      RecordSink out = unit.output;
      int start = 0;
      for (int i = 0; i < unit.elements; i++) {
        int end = unit.elementEnd[i];
        scanner.scanRange(unit.input, start, end, unit.elementOffset[i]);
        copier.copyRate(out, itemStart(unit.elementItem[i]));
        if (scanner.p != end) {
          throw scanner.unsupported("a rate whose grammar ends elsewhere than its brackets");
        }
        out.write((byte) '\n');
        unit.recordEnd[i] = out.length();
        start = end;
      }
    }

    private byte[] itemStart(long ordinal) {
      if (ordinal != item) {
        item = ordinal;
        itemStart = TicRecordCopier.itemStart(ordinal);
      }
      return itemStart;
    }
  }
}
