package io.ptlake.preprocess;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The way every provider_references record goes to its chunks. A remote entry (an id and a
 * {@code location}, no {@code provider_groups}) is held back: once its file is fetched the fetched
 * groups replace it, and only a failed fetch writes the entry as it is (docs/chunk-format.md).
 * Which kind an entry is shows only at its end, so a record is staged in a buffer of {@link
 * #MAX_HELD_BYTES} and spills to the chunks once it outgrows it: memory stays bounded, and remote
 * entries (an id and a URL) always fit.
 */
final class ReferenceStage {
  static final int MAX_HELD_BYTES = RecordSink.BUFFER_BYTES;

  /**
   * One remote entry in source order: its canonical id, its location as written, and the
   * record to write if the fetch fails; null when the entry outgrew the buffer and was written.
   */
  record RemoteEntry(String id, String location, byte[] record) {}

  private final ChunkWriter references;
  private final RecordSink stage = new RecordSink();
  private final List<RemoteEntry> remoteEntries = new ArrayList<>();
  /** The record's sink in the chunks once it has spilled, else null. */
  private RecordSink spilled;

  private final OutputStream spill =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (spilled == null) {
            spilled = references.startRawRecord();
          }
          spilled.write(b, off, len);
        }
      };

  private final OutputStream stream =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          stage.write((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          stage.write(b, off, len);
        }
      };

  ReferenceStage(ChunkWriter references) {
    this.references = references;
  }

  /** The sink of the next record (a JSON object without the newline). */
  RecordSink start() {
    stage.open(spill);
    spilled = null;
    return stage;
  }

  /** The same sink as a stream, for a generator; flush the generator before {@link #end}. */
  OutputStream stream() {
    return stream;
  }

  /**
   * Ends the record started last. Returns true when it was held back as a remote entry: its id is
   * then defined only once the fetch is done. {@code id} and {@code location} are null when the
   * entry has none (a location that is not a string counts as none).
   */
  boolean end(String id, String location, boolean hasGroups) throws IOException {
    boolean remote = id != null && location != null && !hasGroups;
    if (remote && spilled == null) {
      remoteEntries.add(
          new RemoteEntry(id, location, Arrays.copyOf(stage.buffer(), stage.length())));
      return true;
    }
    if (remote) {
      remoteEntries.add(new RemoteEntry(id, location, null));
    }
    if (spilled == null) {
      spilled = references.startRawRecord();
    }
    stage.drain();
    references.endRawRecord();
    return false;
  }

  List<RemoteEntry> remoteEntries() {
    return remoteEntries;
  }
}
