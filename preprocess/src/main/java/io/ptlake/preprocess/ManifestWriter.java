package io.ptlake.preprocess;

import static io.ptlake.preprocess.ManifestFields.*;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/** Renders a {@link Manifest} as manifest.json; {@link ManifestReader} is its inverse. */
final class ManifestWriter {
  private ManifestWriter() {}

  static byte[] toBytes(Manifest manifest) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = TicJson.FACTORY.createGenerator(bytes)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField(FORMAT, manifest.format());
      g.writeStringField(TOOL_VERSION, manifest.toolVersion());
      writeSource(g, manifest.source());
      g.writeStringField(FILE_TYPE, manifest.fileType());
      g.writeObjectFieldStart(HEADER);
      for (Map.Entry<String, String> field : manifest.header().entrySet()) {
        g.writeStringField(field.getKey(), field.getValue());
      }
      g.writeEndObject();
      g.writeObjectFieldStart(COUNTS);
      for (Map.Entry<String, Long> count : manifest.counts().entrySet()) {
        g.writeNumberField(count.getKey(), count.getValue());
      }
      g.writeEndObject();
      g.writeNumberField(EXPECTED_ROWS, manifest.expectedRows());
      g.writeStringField(CHUNK_CODEC, manifest.chunkCodec().codecName());
      g.writeArrayFieldStart(CHUNKS);
      for (Manifest.Chunk chunk : manifest.chunks()) {
        writeChunk(g, chunk);
      }
      g.writeEndArray();
      g.writeArrayFieldStart(REMOTE_REFERENCES);
      for (Manifest.RemoteReference remote : manifest.remoteReferences()) {
        writeRemote(g, remote);
      }
      g.writeEndArray();
      g.writeStringField(CREATED_AT, manifest.createdAt().toString());
      g.writeEndObject();
      g.writeRaw('\n');
    }
    return bytes.toByteArray();
  }

  private static void writeSource(JsonGenerator g, Manifest.Source source) throws IOException {
    g.writeObjectFieldStart(SOURCE);
    g.writeStringField(SOURCE_URI, source.uri());
    g.writeNumberField(SOURCE_SIZE_BYTES, source.sizeBytes());
    g.writeStringField(SOURCE_COMPRESSION, source.compression());
    g.writeNumberField(SOURCE_JSON_BYTES, source.jsonBytes());
    if (source.version() != null) {
      g.writeStringField(SOURCE_VERSION, source.version());
    }
    g.writeEndObject();
  }

  private static void writeRemote(JsonGenerator g, Manifest.RemoteReference remote)
      throws IOException {
    g.writeStartObject();
    g.writeStringField(REMOTE_URL, remote.url());
    g.writeArrayFieldStart(REMOTE_IDS);
    for (String id : remote.ids()) {
      g.writeString(id);
    }
    g.writeEndArray();
    g.writeStringField(REMOTE_STATUS, remote.status());
    if (remote.reason() != null) {
      g.writeStringField(REMOTE_REASON, remote.reason());
    }
    g.writeNumberField(REMOTE_PROVIDER_GROUPS, remote.providerGroups());
    g.writeEndObject();
  }

  private static void writeChunk(JsonGenerator g, Manifest.Chunk chunk) throws IOException {
    g.writeStartObject();
    g.writeStringField(CHUNK_PATH, chunk.path());
    g.writeStringField(CHUNK_KIND, chunk.kind().manifestName());
    g.writeNumberField(CHUNK_RECORDS, chunk.records());
    g.writeNumberField(CHUNK_BYTES, chunk.bytes());
    g.writeEndObject();
  }
}
