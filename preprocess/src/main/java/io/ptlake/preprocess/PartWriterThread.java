package io.ptlake.preprocess;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes the full buffers of one {@link ChunkWriter}'s raw parts on a thread of its own: the
 * scanner hands a buffer over and goes on filling another, while the copy into the page cache
 * (or an upload), the compression of a compressed codec and the sync of a part's close happen
 * here. Measured on the 1.1 GB benchmark, the sync of each 128 MiB part alone held the scanner
 * for tens of milliseconds, and the writes cost it about 0.3 CPU-s per GB.
 *
 * <p>Memory is the fixed pool of {@link #BUFFERS} buffers of {@link RecordSink#BUFFER_BYTES}:
 * when the disk is slower than the scanner, the scanner waits for a free buffer. Buffers and part
 * closes are handled in the order given, so a part's bytes are written in order and it is closed
 * after its last buffer.
 *
 * <p>The first failure of a write or a close stops the writing: later buffers are dropped, later
 * parts closed quietly, and the failure is thrown to the scanner from its next hand-over, close
 * or {@link #finish}, naming the part.
 */
final class PartWriterThread implements RecordSink.Handoff {
  /** 8 × 256 KiB in flight per chunk kind: enough to ride out a part's sync. */
  static final int BUFFERS = 8;

  /**
   * How long an abort waits for the write in progress. A finish waits as long as the writes
   * take: closing a part can mean completing a slow upload, as it did on the scanner's thread.
   */
  private static final long ABORT_JOIN_MILLIS = 60_000;

  /** A buffer to write to a part, or (bytes null) the part's close, or (part null) the end. */
  private record Task(Part part, byte[] bytes, int length) {}

  private static final Task STOP = new Task(null, null, 0);

  /** One open part: its stream, written and closed only on the writing thread. */
  static final class Part {
    final String path;
    final OutputStream stream;

    Part(String path, OutputStream stream) {
      this.path = path;
      this.stream = stream;
    }
  }

  /** Room for the sink's own buffer too, which comes back here after its first hand-over. */
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS + 1);
  /** Unbounded, but holds at most the pool's buffers plus one close per part: never blocks. */
  private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
  private final Thread thread;
  private Part current;
  private volatile IOException failure;
  private volatile String failedPath;
  private volatile boolean aborted;
  private boolean started;
  private boolean stopped;

  PartWriterThread(String name) {
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[RecordSink.BUFFER_BYTES]);
    }
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  /** Buffers handed over from now on go to {@code part}; the previous part must be closed. */
  void open(Part part) {
    if (!started) {
      started = true;
      thread.start();
    }
    current = part;
  }

  @Override
  public byte[] handOff(byte[] full, int length) throws IOException {
    rethrow();
    tasks.add(new Task(current, full, length));
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting to write " + current.path);
    }
  }

  /** Closes the current part after its buffers. */
  void close() throws IOException {
    rethrow();
    tasks.add(new Task(current, null, 0));
    current = null;
  }

  /** Waits until every part is written and closed; throws the first failure. */
  void finish() throws IOException {
    stop(0);
    rethrow();
  }

  /** Stops after a failure elsewhere: pending buffers are dropped, open parts closed quietly. */
  void abort(Throwable reason) {
    aborted = true;
    try {
      stop(ABORT_JOIN_MILLIS);
    } catch (IOException e) {
      reason.addSuppressed(e);
    }
    if (failure != null && failure != reason) {
      reason.addSuppressed(failure);
    }
  }

  /** Lets the thread finish what was handed over, waiting at most {@code millis} (0: no limit). */
  private void stop(long millis) throws InterruptedIOException {
    if (!started || stopped) {
      return;
    }
    stopped = true;
    tasks.add(STOP);
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for chunk writes");
    }
    if (thread.isAlive()) {
      throw new InterruptedIOException(
          "The chunk writer did not finish within " + millis + " ms of the abort");
    }
  }

  private void rethrow() throws IOException {
    IOException e = failure;
    if (e != null) {
      throw new IOException("Cannot write " + failedPath + ": " + e.getMessage(), e);
    }
  }

  private void run() {
    for (;;) {
      Task task;
      try {
        task = tasks.take();
      } catch (InterruptedException e) {
        return;
      }
      if (task == STOP) {
        return;
      }
      boolean writing = failure == null && !aborted;
      try {
        if (task.bytes != null) {
          if (writing) {
            task.part.stream.write(task.bytes, 0, task.length);
          }
          free.add(task.bytes);
        } else {
          task.part.stream.close();
        }
      } catch (IOException | RuntimeException e) {
        if (writing) {
          failedPath = task.part.path;
          failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
        if (task.bytes != null) {
          free.add(task.bytes);
          closeQuietly(task.part);
        }
      }
    }
  }

  private static void closeQuietly(Part part) {
    try {
      part.stream.close();
    } catch (IOException | RuntimeException e) {
      // the first failure is the one reported
    }
  }
}
