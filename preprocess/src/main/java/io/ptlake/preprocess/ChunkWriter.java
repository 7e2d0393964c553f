package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the records of one kind as JSON Lines parts ({@code part-00000.jsonl}, …), starting a new
 * part after the record that makes the current one reach the target size. The size is measured in
 * JSON bytes before compression: that is what a reader of the part has to process.
 *
 * <p>Raw records (the fast splitter's) are written to the parts on a {@link PartWriterThread};
 * records of the generator on the caller's thread.
 */
final class ChunkWriter {
  private static final int WRITE_BUFFER_BYTES = 256 * 1024;

  private final ChunkKind kind;
  private final OutputLocation output;
  private final JsonFactory json;
  private final ChunkCodec codec;
  private final long targetBytes;
  private final List<Manifest.Chunk> written = new ArrayList<>();
  /** Raw parts handed to the writing thread: their stored size is known once it has closed them. */
  private final List<ClosedPart> closing = new ArrayList<>();

  private record ClosedPart(String path, long records, CountingOutputStream fileBytes) {}

  private String path;
  private CountingOutputStream fileBytes;
  private CountingOutputStream jsonBytes;
  private JsonGenerator generator;
  private RecordSink sink;
  private PartWriterThread partWriter;
  private long records;

  ChunkWriter(
      ChunkKind kind, OutputLocation output, JsonFactory json, ChunkCodec codec, long targetBytes) {
    this.kind = kind;
    this.output = output;
    this.json = json;
    this.codec = codec;
    this.targetBytes = targetBytes;
  }

  /** The generator to write one record (a single JSON object) to; call {@link #endRecord} after. */
  JsonGenerator startRecord() throws IOException {
    if (generator == null) {
      openPart();
    }
    return generator;
  }

  /**
   * The sink to append one record's bytes to (a single JSON object, without the newline); call
   * {@link #endRawRecord} after. A writer is used either through this or through {@link
   * #startRecord}, never both.
   */
  RecordSink startRawRecord() throws IOException {
    if (sink == null) {
      sink = new RecordSink();
      partWriter = new PartWriterThread("ptlake-write " + kind.directory());
    }
    if (jsonBytes == null) {
      openPart();
      partWriter.open(new PartWriterThread.Part(path, jsonBytes));
      sink.open(partWriter);
    }
    return sink;
  }

  void endRawRecord() throws IOException {
    sink.write((byte) '\n');
    records++;
    if (sink.size() >= targetBytes) {
      closePart();
    }
  }

  /**
   * Appends the {@code count} records of {@code bytes} (each with its newline) that end at {@code
   * ends[0..count)}, as if each went through {@link #startRawRecord} and {@link #endRawRecord}:
   * a part is closed after the record that makes it reach the target size.
   */
  void writeRawRecords(byte[] bytes, int[] ends, int count) throws IOException {
    int first = 0;
    int start = 0;
    while (first < count) {
      RecordSink part = startRawRecord();
      // the first record whose end brings the part to the target, else the last one
      long reaching = start + (targetBytes - part.size());
      int last = first;
      while (last < count - 1 && ends[last] < reaching) {
        last++;
      }
      part.write(bytes, start, ends[last] - start);
      records += last + 1 - first;
      if (part.size() >= targetBytes) {
        closePart();
      }
      start = ends[last];
      first = last + 1;
    }
  }

  void endRecord() throws IOException {
    generator.writeRaw('\n');
    records++;
    if (jsonBytes.count() + generator.getOutputBuffered() >= targetBytes) {
      closePart();
    }
  }

  /** Closes the last part; returns every part written, in order. */
  List<Manifest.Chunk> finish() throws IOException {
    if (jsonBytes != null) {
      closePart();
    }
    if (partWriter != null) {
      partWriter.finish();
      for (ClosedPart part : closing) {
        written.add(new Manifest.Chunk(part.path, kind, part.records, part.fileBytes.count()));
      }
      closing.clear();
    }
    return List.copyOf(written);
  }

  /** Releases the open part after a failure; the caller deletes the files. */
  void abort(Throwable failure) {
    if (partWriter != null) {
      // first, so that the open part below is no longer written to
      partWriter.abort(failure);
    }
    if (jsonBytes == null) {
      return;
    }
    try {
      if (sink != null) {
        sink.discard();
      }
      if (generator != null) {
        generator.close();
      } else {
        jsonBytes.close();
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
    generator = null;
    jsonBytes = null;
  }

  private void openPart() throws IOException {
    int part = written.size() + closing.size();
    path = String.format("%s/part-%05d%s", kind.directory(), part, codec.extension());
    fileBytes = new CountingOutputStream(
        new BufferedOutputStream(output.create(path), WRITE_BUFFER_BYTES));
    jsonBytes = new CountingOutputStream(codec.wrap(fileBytes));
    if (sink == null) {
      generator = json.createGenerator(jsonBytes);
    }
    records = 0;
  }

  private void closePart() throws IOException {
    if (generator != null) {
      generator.close();
      generator = null;
      written.add(new Manifest.Chunk(path, kind, records, fileBytes.count()));
    } else {
      sink.drain();
      sink.discard();
      partWriter.close();
      closing.add(new ClosedPart(path, records, fileBytes));
    }
    jsonBytes = null;
  }
}
