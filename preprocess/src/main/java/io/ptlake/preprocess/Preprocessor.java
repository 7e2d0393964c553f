package io.ptlake.preprocess;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one in-network rate file into chunk files and a manifest (docs/chunk-format.md), in one
 * streaming pass with memory independent of the file and item sizes.
 */
public final class Preprocessor {
  private final PreprocessConfig config;

  public Preprocessor(PreprocessConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Writes the chunk files, then publishes manifest.json. What the output held before is
   * replaced; if the run fails, the output holds neither a manifest nor chunk files.
   *
   * @throws MalformedInputException if the source is not a well-formed in-network file
   * @throws IOException if the source cannot be read or the output cannot be written
   */
  public Manifest run() throws IOException {
    OutputLocation output = config.output();
    // The manifest goes first: a reader must never see one next to chunks being replaced.
    output.delete(ManifestFields.MANIFEST_FILE);
    deleteChunks();
    Map<ChunkKind, ChunkWriter> writers = new EnumMap<>(ChunkKind.class);
    for (ChunkKind kind : ChunkKind.values()) {
      writers.put(
          kind,
          new ChunkWriter(
              kind, output, TicJson.FACTORY, config.chunkCodec(), config.chunkBytes()));
    }
    try {
      Manifest manifest = split(writers);
      output.publish(ManifestFields.MANIFEST_FILE, ManifestWriter.toBytes(manifest));
      return manifest;
    } catch (Throwable failure) {
      for (ChunkWriter writer : writers.values()) {
        writer.abort(failure);
      }
      try {
        deleteChunks();
      } catch (IOException | RuntimeException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
  }

  private Manifest split(Map<ChunkKind, ChunkWriter> writers) throws IOException {
    String uri = config.inputUri();
    long sizeBytes = config.input().size(uri);
    try (SourceReader source = new SourceReader(uri, config.input().open(uri))) {
      TicSplitter splitter = source.split(writers, config.progress());
      List<Manifest.Chunk> chunks = new ArrayList<>();
      for (ChunkWriter writer : writers.values()) {
        chunks.addAll(writer.finish());
      }
      return new Manifest(
          Manifest.FORMAT,
          ToolVersion.VALUE,
          new Manifest.Source(uri, sizeBytes, source.compression(), source.jsonBytes()),
          Manifest.FILE_TYPE_IN_NETWORK_RATES,
          splitter.header(),
          splitter.counts(),
          splitter.expectedRows(),
          config.chunkCodec(),
          chunks,
          Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
  }

  private void deleteChunks() throws IOException {
    for (ChunkKind kind : ChunkKind.values()) {
      config.output().deleteDirectory(kind.directory());
    }
  }
}
