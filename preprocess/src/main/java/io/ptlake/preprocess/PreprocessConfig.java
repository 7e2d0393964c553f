package io.ptlake.preprocess;

import io.ptlake.preprocess.remote.FetchLimits;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What one preprocessor run reads and writes. Immutable; build it with {@link #builder}.
 *
 * @param inputUri the source file, as {@code input} understands it
 * @param chunkBytes a chunk file is closed after the record that makes its JSON reach this size
 * @param fetchLimits bounds of the fetches of remote provider files (read through {@code input})
 * @param maxJsonBytes a source whose decompressed JSON exceeds this fails as malformed: it bounds
 *     the work and output of a decompression bomb
 * @param progress told how far the read has come, every {@link #PROGRESS_EVERY_BYTES} of JSON
 * @param scanThreads threads that scan an in-network file's negotiated rates while the reading
 *     thread inflates and another walks the file; 0 scans on the walking thread
 */
public record PreprocessConfig(
    String inputUri,
    InputSource input,
    OutputLocation output,
    long chunkBytes,
    ChunkCodec chunkCodec,
    FetchLimits fetchLimits,
    long maxJsonBytes,
    ProgressListener progress,
    int scanThreads) {

  public static final long DEFAULT_CHUNK_BYTES = 128L << 20;
  public static final ChunkCodec DEFAULT_CHUNK_CODEC = ChunkCodec.NONE;
  /**
   * 2000 GiB: the largest real files hold a few hundred GB of JSON; a gzip bomb is stopped
   * here rather than by the disk.
   */
  public static final long DEFAULT_MAX_JSON_BYTES = 2000L << 30;
  /** Small enough that a listener hears from a slow read every few seconds. */
  public static final long PROGRESS_EVERY_BYTES = 8L << 20;
  /**
   * Scanner threads only from 4 cores on (one per core beyond two, at most 3). Below that the
   * inflating, walking and writing threads keep the cores busy, and a parallel scan costs more CPU
   * in all: the walking thread still finds where each rate ends, and the bytes are copied twice
   * more (docs/preprocess.md). Beyond 3 scanners zlib's serial inflate is the bound.
   */
  public static final int DEFAULT_SCAN_THREADS = defaultScanThreads(
      Runtime.getRuntime().availableProcessors());

  public PreprocessConfig {
    Objects.requireNonNull(inputUri, "inputUri");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(chunkCodec, "chunkCodec");
    Objects.requireNonNull(fetchLimits, "fetchLimits");
    Objects.requireNonNull(progress, "progress");
    if (maxJsonBytes <= 0) {
      throw new IllegalArgumentException("maxJsonBytes must be positive, was " + maxJsonBytes);
    }
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("chunkBytes must be positive, was " + chunkBytes);
    }
    if (scanThreads < 0) {
      throw new IllegalArgumentException("scanThreads must not be negative, was " + scanThreads);
    }
  }

  static int defaultScanThreads(int cores) {
    return cores < 4 ? 0 : Math.min(3, cores - 2);
  }

  /** A local source file written into a local directory, with the defaults above. */
  public static Builder builder(String inputUri, Path outputDir) {
    return new Builder(inputUri, new LocalOutputLocation(outputDir));
  }

  public static Builder builder(String inputUri, OutputLocation output) {
    return new Builder(inputUri, output);
  }

  public static final class Builder {
    private final String inputUri;
    private final OutputLocation output;
    private InputSource input = new LocalInputSource();
    private long chunkBytes = DEFAULT_CHUNK_BYTES;
    private ChunkCodec chunkCodec = DEFAULT_CHUNK_CODEC;
    private FetchLimits fetchLimits = FetchLimits.DEFAULTS;
    private long maxJsonBytes = DEFAULT_MAX_JSON_BYTES;
    private ProgressListener progress = ProgressListener.NONE;
    private int scanThreads = DEFAULT_SCAN_THREADS;

    private Builder(String inputUri, OutputLocation output) {
      this.inputUri = inputUri;
      this.output = output;
    }

    public Builder input(InputSource value) {
      this.input = value;
      return this;
    }

    public Builder chunkBytes(long value) {
      this.chunkBytes = value;
      return this;
    }

    public Builder chunkCodec(ChunkCodec value) {
      this.chunkCodec = value;
      return this;
    }

    public Builder fetchLimits(FetchLimits value) {
      this.fetchLimits = value;
      return this;
    }

    public Builder maxJsonBytes(long value) {
      this.maxJsonBytes = value;
      return this;
    }

    public Builder progress(ProgressListener value) {
      this.progress = value;
      return this;
    }

    public Builder scanThreads(int value) {
      this.scanThreads = value;
      return this;
    }

    public PreprocessConfig build() {
      return new PreprocessConfig(inputUri, input, output, chunkBytes, chunkCodec, fetchLimits,
          maxJsonBytes, progress, scanThreads);
    }
  }
}
