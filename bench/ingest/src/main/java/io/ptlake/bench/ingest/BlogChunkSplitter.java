package io.ptlake.bench.ingest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The preprocessing of the AWS blog's pipeline, redone with Jackson instead of Python's ijson:
 * the file's top-level scalars go to {@code header/header.json} (one object), its
 * {@code in_network} array to {@code in_network/part-NNNNN.json} files of {@link #ITEMS_PER_FILE}
 * items and its {@code provider_references} array to {@code provider_references/part-NNNNN.json}
 * files of {@link #REFERENCES_PER_FILE} entries. Each file holds one JSON array on one line, which
 * Spark's line-based JSON reader turns into one row per element, as the blog's job reads them.
 *
 * <p>Items and entries are copied whole, as the source has them (remote {@code location} entries
 * included, unresolved): unlike ptlake's splitter nothing is flattened, so each Spark row is an
 * entire in_network item with all its rates.
 */
public final class BlogChunkSplitter {
  /** in_network items per chunk file, as in the blog. */
  static final int ITEMS_PER_FILE = 25;
  /** provider_references entries per chunk file, as in the blog. */
  static final int REFERENCES_PER_FILE = 1000;

  static final String HEADER_DIR = "header";
  static final String IN_NETWORK_DIR = "in_network";
  static final String REFERENCES_DIR = "provider_references";

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** What a split wrote. */
  record Result(long items, long references, int files, long bytes) {}

  private BlogChunkSplitter() {}

  /** {@code BlogChunkSplitter SOURCE OUT_DIR}: splits and prints what it wrote as JSON. */
  public static void main(String[] args) throws IOException {
    Result result = split(Path.of(args[0]), Path.of(args[1]));
    System.out.printf("{\"items\": %d, \"references\": %d, \"files\": %d, \"bytes\": %d}%n",
        result.items(), result.references(), result.files(), result.bytes());
  }

  /** Splits {@code source} (plain or gzip JSON, told by its magic bytes) into {@code out}. */
  static Result split(Path source, Path out) throws IOException {
    Files.createDirectories(out.resolve(HEADER_DIR));
    try (InputStream in = open(source);
        JsonParser parser = JSON.createParser(in);
        ArrayFiles items = new ArrayFiles(out.resolve(IN_NETWORK_DIR), ITEMS_PER_FILE);
        ArrayFiles references = new ArrayFiles(out.resolve(REFERENCES_DIR), REFERENCES_PER_FILE);
        OutputStream headerOut = Files.newOutputStream(out.resolve(HEADER_DIR).resolve("header.json"));
        JsonGenerator header = JSON.createGenerator(headerOut, JsonEncoding.UTF8)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("Cannot split " + source + ": the file is not a JSON object");
      }
      header.writeStartObject();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_ARRAY && field.equals("in_network")) {
          copyElements(parser, items);
        } else if (value == JsonToken.START_ARRAY && field.equals("provider_references")) {
          copyElements(parser, references);
        } else if (value.isScalarValue()) {
          header.writeFieldName(field);
          header.copyCurrentEvent(parser);
        } else {
          parser.skipChildren();
        }
      }
      header.writeEndObject();
      header.writeRaw('\n');
      header.flush();
      long headerBytes = Files.size(out.resolve(HEADER_DIR).resolve("header.json"));
      items.close();
      references.close();
      return new Result(items.elements, references.elements, items.files + references.files + 1,
          items.bytes + references.bytes + headerBytes);
    }
  }

  private static void copyElements(JsonParser parser, ArrayFiles files) throws IOException {
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      files.next().copyCurrentStructure(parser);
    }
  }

  private static InputStream open(Path source) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(source), 1 << 16);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** part-NNNNN.json files of one JSON array each, a new file after {@code perFile} elements. */
  private static final class ArrayFiles implements AutoCloseable {
    private final Path dir;
    private final int perFile;
    private JsonGenerator current;
    private Path currentPath;
    private int inCurrent;
    long elements;
    int files;
    long bytes;

    ArrayFiles(Path dir, int perFile) throws IOException {
      this.dir = Files.createDirectories(dir);
      this.perFile = perFile;
    }

    /** The generator the next element is written to, opening a new file when one is full. */
    JsonGenerator next() throws IOException {
      if (current == null || inCurrent == perFile) {
        finish();
        currentPath = dir.resolve(String.format("part-%05d.json", files++));
        current = JSON.createGenerator(Files.newOutputStream(currentPath), JsonEncoding.UTF8);
        current.writeStartArray();
        inCurrent = 0;
      }
      inCurrent++;
      elements++;
      return current;
    }

    private void finish() throws IOException {
      if (current != null) {
        current.writeEndArray();
        current.writeRaw('\n');
        current.close();
        bytes += Files.size(currentPath);
        current = null;
      }
    }

    @Override
    public void close() throws IOException {
      finish();
    }
  }
}
