package io.ptlake.preprocess;

import static io.ptlake.preprocess.ManifestFields.*;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads manifest.json written by {@link Preprocessor}. Unknown fields are skipped so that a
 * newer writer's additions do not break an older reader; another format is rejected.
 */
public final class ManifestReader {
  private ManifestReader() {}

  /** Reads a manifest; does not close {@code in}. */
  public static Manifest read(InputStream in) throws IOException {
    try (JsonParser p = TicJson.FACTORY.createParser(in)) {
      p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      expect(p, p.nextToken(), JsonToken.START_OBJECT);
      String format = null;
      String toolVersion = null;
      Manifest.Source source = null;
      String fileType = null;
      Map<String, String> header = Map.of();
      Map<String, Long> counts = Map.of();
      long expectedRows = 0;
      ChunkCodec codec = null;
      List<Manifest.Chunk> chunks = List.of();
      List<Manifest.RemoteReference> remoteReferences = List.of();
      Instant createdAt = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case FORMAT -> format = p.getText();
          case TOOL_VERSION -> toolVersion = p.getText();
          case SOURCE -> source = readSource(p);
          case FILE_TYPE -> fileType = p.getText();
          case HEADER -> header = readStrings(p);
          case COUNTS -> counts = readLongs(p);
          case EXPECTED_ROWS -> expectedRows = p.getLongValue();
          case CHUNK_CODEC -> codec = ChunkCodec.fromName(p.getText());
          case CHUNKS -> chunks = readChunks(p);
          case REMOTE_REFERENCES -> remoteReferences = readRemoteReferences(p);
          case CREATED_AT -> createdAt = Instant.parse(p.getText());
          default -> p.skipChildren();
        }
      }
      if (!Manifest.FORMAT.equals(format)) {
        throw new IOException(
            "Cannot read manifest with format " + format + ": expected " + Manifest.FORMAT);
      }
      if (source == null || codec == null) {
        throw new IOException("Cannot read manifest: source or chunk_codec is missing");
      }
      return new Manifest(
          format, toolVersion, source, fileType, header, counts, expectedRows, codec, chunks,
          remoteReferences, createdAt);
    }
  }

  private static Manifest.Source readSource(JsonParser p) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_OBJECT);
    String uri = null;
    long sizeBytes = 0;
    String compression = null;
    long jsonBytes = 0;
    String version = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case SOURCE_URI -> uri = p.getText();
        case SOURCE_SIZE_BYTES -> sizeBytes = p.getLongValue();
        case SOURCE_COMPRESSION -> compression = p.getText();
        case SOURCE_JSON_BYTES -> jsonBytes = p.getLongValue();
        case SOURCE_VERSION -> version = p.getText();
        default -> p.skipChildren();
      }
    }
    return new Manifest.Source(uri, sizeBytes, compression, jsonBytes, version);
  }

  private static List<Manifest.Chunk> readChunks(JsonParser p) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_ARRAY);
    List<Manifest.Chunk> chunks = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String path = null;
      ChunkKind kind = null;
      long records = 0;
      long bytes = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case CHUNK_PATH -> path = p.getText();
          case CHUNK_KIND -> kind = ChunkKind.fromManifestName(p.getText());
          case CHUNK_RECORDS -> records = p.getLongValue();
          case CHUNK_BYTES -> bytes = p.getLongValue();
          default -> p.skipChildren();
        }
      }
      chunks.add(new Manifest.Chunk(path, kind, records, bytes));
    }
    expect(p, p.currentToken(), JsonToken.END_ARRAY);
    return chunks;
  }

  private static List<Manifest.RemoteReference> readRemoteReferences(JsonParser p)
      throws IOException {
    expect(p, p.currentToken(), JsonToken.START_ARRAY);
    List<Manifest.RemoteReference> remotes = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String url = null;
      List<String> ids = new ArrayList<>();
      String status = null;
      String reason = null;
      long groups = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case REMOTE_URL -> url = p.getText();
          case REMOTE_IDS -> {
            expect(p, p.currentToken(), JsonToken.START_ARRAY);
            while (p.nextToken() != JsonToken.END_ARRAY) {
              ids.add(p.getText());
            }
          }
          case REMOTE_STATUS -> status = p.getText();
          case REMOTE_REASON -> reason = p.getText();
          case REMOTE_PROVIDER_GROUPS -> groups = p.getLongValue();
          default -> p.skipChildren();
        }
      }
      remotes.add(new Manifest.RemoteReference(url, ids, status, reason, groups));
    }
    expect(p, p.currentToken(), JsonToken.END_ARRAY);
    return remotes;
  }

  private static Map<String, String> readStrings(JsonParser p) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_OBJECT);
    Map<String, String> values = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      values.put(name, p.getText());
    }
    return values;
  }

  private static Map<String, Long> readLongs(JsonParser p) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_OBJECT);
    Map<String, Long> values = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      values.put(name, p.getLongValue());
    }
    return values;
  }

  private static void expect(JsonParser p, JsonToken found, JsonToken expected)
      throws JsonParseException {
    if (found != expected) {
      throw new JsonParseException(
          p, "Cannot read manifest: expected " + expected + ", found " + found);
    }
  }
}
