package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hand-over of full buffers to the part-writing thread: order, closes and failures. */
class PartWriterThreadTest {

  @Test
  void partsGetTheirBuffersInOrderAndAreClosedAfterThem() throws IOException {
    PartWriterThread writer = new PartWriterThread("test-writer");
    List<String> events = new ArrayList<>();
    RecordSink sink = new RecordSink();
    ByteArrayOutputStream[] parts = new ByteArrayOutputStream[2];
    StringBuilder expected0 = new StringBuilder();
    for (int part = 0; part < 2; part++) {
      int n = part;
      parts[part] = new ByteArrayOutputStream() {
        @Override
        public void close() {
          synchronized (events) {
            events.add("close " + n + " after " + size() + " bytes");
          }
        }
      };
      writer.open(new PartWriterThread.Part("p" + part, parts[part]));
      sink.open(writer);
      // more buffers than the pool holds, so the scanner side has to wait for recycled ones
      for (int i = 0; i < 40_000; i++) {
        String record = "{\"item\":" + i + ",\"part\":" + part + "}\n";
        if (part == 0) {
          expected0.append(record);
        }
        sink.write(record.getBytes(StandardCharsets.US_ASCII), 0, record.length());
      }
      sink.drain();
      writer.close();
    }
    writer.finish();

    assertThat(parts[0].toString(StandardCharsets.US_ASCII)).isEqualTo(expected0.toString());
    assertThat(parts[1].size()).isEqualTo(sink.size());
    assertThat(events).containsExactly(
        "close 0 after " + parts[0].size() + " bytes", "close 1 after " + parts[1].size() + " bytes");
  }

  @Test
  void aFailedWriteIsThrownToTheScannerNamingThePartAndLaterBuffersAreDropped()
      throws IOException {
    PartWriterThread writer = new PartWriterThread("test-writer");
    int[] writes = new int[1];
    OutputStream full = new OutputStream() {
      @Override
      public void write(int b) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        writes[0]++;
        throw new IOException("No space left on device");
      }
    };
    writer.open(new PartWriterThread.Part("in_network/part-00003.jsonl", full));
    RecordSink sink = new RecordSink();
    sink.open(writer);
    byte[] bytes = new byte[RecordSink.BUFFER_BYTES];

    // the scanner is never left waiting for a buffer: it sees the failure at a later hand-over
    assertThatThrownBy(() -> {
      for (int i = 0; i < 1_000; i++) {
        sink.write(bytes, 0, bytes.length);
      }
    }).isInstanceOf(IOException.class)
        .hasMessage("Cannot write in_network/part-00003.jsonl: No space left on device");
    assertThatThrownBy(writer::finish).hasMessageContaining("No space left on device");
    assertThat(writes[0]).as("writes after the failure are dropped").isEqualTo(1);
  }

  /**
   * The abort lands while the writing thread is inside a write (the part's stream holds it there):
   * that write completes, the buffer handed over after it is dropped, and the thread ends.
   */
  @Test
  void anAbortLetsTheWriteInProgressEndDropsWhatIsPendingAndStopsTheThread() throws Exception {
    String name = "test-writer-aborted";
    PartWriterThread writer = new PartWriterThread(name);
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream part = new ByteArrayOutputStream() {
      @Override
      public synchronized void write(byte[] b, int off, int len) {
        writing.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.write(b, off, len);
      }
    };
    writer.open(new PartWriterThread.Part("p", part));
    RecordSink sink = new RecordSink();
    sink.open(writer);
    sink.write("in progress".getBytes(StandardCharsets.US_ASCII), 0, 11);
    sink.drain();
    assertThat(writing.await(10, TimeUnit.SECONDS)).as("the first buffer in its write").isTrue();
    sink.write("pending".getBytes(StandardCharsets.US_ASCII), 0, 7);
    sink.drain();
    IOException reason = new IOException("the source is malformed");

    Thread abort = new Thread(() -> writer.abort(reason), "abort");
    abort.start();
    // TIMED_WAITING: abort has set its flag and waits for the writing thread to end
    while (abort.getState() != Thread.State.TIMED_WAITING) {
      assertThat(abort.isAlive()).as("abort waits for the write in progress").isTrue();
      Thread.onSpinWait();
    }
    release.countDown();
    abort.join();

    assertThat(part.toString(StandardCharsets.US_ASCII)).isEqualTo("in progress");
    assertThat(reason.getSuppressed()).isEmpty();
    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
        .doesNotContain(name);
  }
}
