package io.ptlake.spark.preprocess;

import io.ptlake.preprocess.ChunkCodec;
import io.ptlake.preprocess.OutputLocation;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.remote.FetchLimits;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageProperties;
import java.io.Serializable;
import java.util.Objects;

/**
 * Everything an executor needs to preprocess one source, small and serializable: executors build
 * their own S3 and HTTP clients from {@code storage} (credentials from the default chain on the
 * executor: its instance or Glue role), so no client, credential or data passes through the
 * driver.
 */
public record PreprocessSettings(
    StorageProperties storage,
    long chunkBytes,
    ChunkCodec chunkCodec,
    long maxJsonBytes,
    FetchLimits fetchLimits)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public PreprocessSettings {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(chunkCodec, "chunkCodec");
    Objects.requireNonNull(fetchLimits, "fetchLimits");
  }

  /** The settings of {@code template} (a config the command line built) with {@code storage}. */
  public static PreprocessSettings of(StorageProperties storage, PreprocessConfig template) {
    return new PreprocessSettings(storage, template.chunkBytes(), template.chunkCodec(),
        template.maxJsonBytes(), template.fetchLimits());
  }

  /**
   * The config of {@code source} into {@code output}, read through {@code io}. No parallel scan:
   * an executor runs one task per core, each preprocessing a file of its own.
   */
  PreprocessConfig config(SourceFile source, OutputLocation output, Storage io) {
    return PreprocessConfig.builder(source.uri(), output)
        .scanThreads(0)
        .input(io.inputSource())
        .chunkBytes(chunkBytes)
        .chunkCodec(chunkCodec)
        .maxJsonBytes(maxJsonBytes)
        .fetchLimits(fetchLimits)
        .build();
  }
}
