package io.ptlake.preprocess;

import io.ptlake.preprocess.storage.Storage;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How chunk files are cut and compressed, and how much JSON a source may hold: the options of
 * every command that preprocesses.
 */
public final class ChunkOptions {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;
  private static final int DEFAULT_CHUNK_MB = (int) (PreprocessConfig.DEFAULT_CHUNK_BYTES / MIB);
  private static final long DEFAULT_MAX_JSON_GB = PreprocessConfig.DEFAULT_MAX_JSON_BYTES / GIB;

  @Option(
      names = "--chunk-mb",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_CHUNK_MB,
      description = "Close a chunk file once it holds N MiB of JSON (default: ${DEFAULT-VALUE}).")
  int chunkMb = DEFAULT_CHUNK_MB;

  @Option(
      names = "--chunk-codec",
      paramLabel = "CODEC",
      defaultValue = PreprocessConfig.DEFAULT_CHUNK_CODEC_NAME,
      converter = CodecConverter.class,
      description = "Compression of chunk files: none or gzip (default: ${DEFAULT-VALUE}).")
  ChunkCodec chunkCodec = PreprocessConfig.DEFAULT_CHUNK_CODEC;

  @Option(
      names = "--max-json-gb",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_MAX_JSON_GB,
      description = "A source whose decompressed JSON exceeds N GiB (may be fractional) fails as"
          + " malformed: a bound on decompression bombs (default: ${DEFAULT-VALUE}).")
  double maxJsonGb = DEFAULT_MAX_JSON_GB;

  /** A config for {@code input} into the local directory {@code out}, these options applied. */
  public PreprocessConfig.Builder configure(String input, Path out, CommandSpec spec) {
    return configure(input, new LocalOutputLocation(out), spec);
  }

  /** A config for {@code input} into {@code out} (local or S3), these options applied. */
  public PreprocessConfig.Builder configure(String input, OutputLocation out, CommandSpec spec) {
    if (chunkMb <= 0) {
      throw new ParameterException(spec.commandLine(), "--chunk-mb must be positive");
    }
    long maxJsonBytes = (long) (maxJsonGb * GIB);
    if (!(maxJsonBytes > 0 && maxJsonGb < Long.MAX_VALUE / GIB)) {
      throw new ParameterException(spec.commandLine(), "--max-json-gb must be positive");
    }
    return PreprocessConfig.builder(Storage.canonicalInput(input), out)
        .chunkBytes(chunkMb * MIB)
        .chunkCodec(chunkCodec)
        .maxJsonBytes(maxJsonBytes);
  }

  static final class CodecConverter implements ITypeConverter<ChunkCodec> {
    @Override
    public ChunkCodec convert(String value) {
      return ChunkCodec.fromName(value);
    }
  }
}
