package io.ptlake.preprocess;

import io.ptlake.preprocess.storage.Storage;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one in-network rate file, or one allowed-amounts file, into chunk files and a manifest
 * (docs/chunk-format.md), in one streaming pass with memory independent of the file and item
 * sizes.
 */
public final class Preprocessor {
  /**
   * {@code -Dptlake.preprocess.splitter=reference} skips the fast splitter: for comparisons and
   * as a way around a fast-path problem.
   */
  static final boolean REFERENCE_SPLITTER =
      "reference".equals(System.getProperty("ptlake.preprocess.splitter"));

  private static final Logger LOG = LoggerFactory.getLogger(Preprocessor.class);

  private final PreprocessConfig config;
  private final boolean referenceOnly;
  private final ParallelScan.Sizes scan;
  private boolean fellBack;
  private String fallbackReason;

  public Preprocessor(PreprocessConfig config) {
    this(config, REFERENCE_SPLITTER);
  }

  /** Tests compare the two splitters through this. */
  Preprocessor(PreprocessConfig config, boolean referenceOnly) {
    this(config, referenceOnly, ParallelScan.Sizes.of(config.scanThreads()));
  }

  /** Tests size the fast splitter's parallel scan through this. */
  Preprocessor(PreprocessConfig config, boolean referenceOnly, ParallelScan.Sizes scan) {
    this.config = Objects.requireNonNull(config, "config");
    this.referenceOnly = referenceOnly;
    this.scan = scan;
  }

  /** Whether the last run gave up on the fast splitter and read the source again. */
  boolean fellBack() {
    return fellBack;
  }

  /** Why the fast splitter gave up in the last run ("... at byte offset N"), else null. */
  String fallbackReason() {
    return fallbackReason;
  }

  /**
   * Writes the chunk files, then publishes manifest.json. What the output held before is
   * replaced; if the run fails, the output holds neither a manifest nor chunk files.
   *
   * @throws MalformedInputException if the source is not a well-formed in-network or
   *     allowed-amounts file
   * @throws IOException if the source cannot be read or the output cannot be written
   */
  public Manifest run() throws IOException {
    OutputLocation output = config.output();
    // The manifest goes first: a reader must never see one next to chunks being replaced.
    output.delete(ManifestFields.MANIFEST_FILE);
    deleteChunks();
    Map<ChunkKind, ChunkWriter> writers = new EnumMap<>(ChunkKind.class);
    for (ChunkKind kind : ChunkKind.values()) {
      writers.put(kind, newWriter(kind));
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

  /**
   * An allowed-amounts file is told by its shape: the in-network splitters stop at a top-level
   * {@code out_of_network} key (after the header, in practice), and the file is read again with
   * the allowed-amounts splitter.
   */
  private Manifest split(Map<ChunkKind, ChunkWriter> writers) throws IOException {
    try {
      return splitInNetwork(writers);
    } catch (AllowedAmountsFile e) {
      LOG.info("{} is an allowed-amounts file: splitting it as one",
          Storage.displayUri(config.inputUri()));
      restart(writers, e);
    }
    String uri = config.inputUri();
    InputSource.Stat stat = config.input().stat(uri);
    try (SourceReader source = new SourceReader(Storage.displayUri(uri), config.input().open(uri),
        stat.sizeBytes(), config.maxJsonBytes())) {
      AllowedAmountsSplitter splitter = source.splitAllowedAmounts(writers, config.progress());
      return manifest(source, stat, Manifest.FILE_TYPE_ALLOWED_AMOUNTS, splitter.header(),
          splitter.counts(), splitter.expectedRows(), List.of(), writers);
    }
  }

  /** Drops what a split wrote and gives every kind a fresh writer. */
  private void restart(Map<ChunkKind, ChunkWriter> writers, Throwable reason) throws IOException {
    for (ChunkWriter writer : writers.values()) {
      writer.abort(reason);
    }
    deleteChunks();
    writers.replaceAll((kind, old) -> newWriter(kind));
  }

  /**
   * The fast splitter first; if it gives up (a malformed file, or input it does not reproduce
   * byte for byte), its chunks are dropped and the reference splitter reads the file again, to
   * produce the output or to report the error with its position.
   */
  private Manifest splitInNetwork(Map<ChunkKind, ChunkWriter> writers) throws IOException {
    String uri = config.inputUri();
    String shown = Storage.displayUri(uri);
    InputSource.Stat stat = config.input().stat(uri);
    long maxJson = config.maxJsonBytes();
    fellBack = false;
    fallbackReason = null;
    if (!referenceOnly) {
      try (SourceReader source =
          new SourceReader(shown, config.input().open(uri), stat.sizeBytes(), maxJson)) {
        FastTicSplitter splitter = source.splitRaw(writers, config.progress(), scan);
        return inNetworkManifest(source, stat, splitter, writers);
      } catch (FastPathUnsupported e) {
        LOG.info("Fast splitter gave up on {} ({}); splitting it again with the reference splitter",
            shown, e.getMessage());
        fellBack = true;
        fallbackReason = e.getMessage();
        restart(writers, e);
      }
    }
    try (SourceReader source =
        new SourceReader(shown, config.input().open(uri), stat.sizeBytes(), maxJson)) {
      JacksonTicSplitter splitter = source.split(writers, config.progress());
      return inNetworkManifest(source, stat, splitter, writers);
    }
  }

  private Manifest inNetworkManifest(SourceReader source, InputSource.Stat stat,
      SplitResult splitter, Map<ChunkKind, ChunkWriter> writers) throws IOException {
    RemoteReferences.Outcome remote =
        new RemoteReferences(config.input(), config.fetchLimits())
            .resolve(splitter.remoteEntries(), writers.get(ChunkKind.PROVIDER_REFERENCES),
                splitter.rows());
    Map<String, Long> counts = new LinkedHashMap<>(splitter.counts());
    counts.put(Manifest.REMOTE_REFERENCE_FAILURES, remote.failures());
    counts.put(Manifest.REMOTE_PROVIDER_GROUPS, remote.groups());
    return manifest(source, stat, Manifest.FILE_TYPE_IN_NETWORK_RATES, splitter.header(),
        counts, splitter.expectedRows(), remote.references(), writers);
  }

  /** Finishes the chunk files, which the manifest lists, once the split's results are known. */
  private Manifest manifest(SourceReader source, InputSource.Stat stat, String fileType,
      Map<String, String> header, Map<String, Long> counts, long expectedRows,
      List<Manifest.RemoteReference> remoteReferences, Map<ChunkKind, ChunkWriter> writers)
      throws IOException {
    List<Manifest.Chunk> chunks = new ArrayList<>();
    for (ChunkWriter writer : writers.values()) {
      chunks.addAll(writer.finish());
    }
    return new Manifest(
        Manifest.FORMAT,
        ToolVersion.VALUE,
        new Manifest.Source(
            Storage.displayUri(config.inputUri()), stat.sizeBytes(), source.compression(),
            source.jsonBytes(), stat.version()),
        fileType,
        header,
        counts,
        expectedRows,
        config.chunkCodec(),
        chunks,
        remoteReferences,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private ChunkWriter newWriter(ChunkKind kind) {
    return new ChunkWriter(
        kind, config.output(), TicJson.FACTORY, config.chunkCodec(), config.chunkBytes());
  }

  private void deleteChunks() throws IOException {
    for (ChunkKind kind : ChunkKind.values()) {
      config.output().deleteDirectory(kind.directory());
    }
  }
}
