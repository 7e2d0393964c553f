package io.ptlake.preprocess;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Compression of chunk files; the extensions are the ones Spark's JSON reader recognises. */
public enum ChunkCodec {
  NONE("none", ".jsonl") {
    @Override
    OutputStream wrap(OutputStream out) {
      return out;
    }
  },
  GZIP("gzip", ".jsonl.gz") {
    /** Chunks are intermediate files read once: speed matters more than the last 20% of size. */
    @Override
    OutputStream wrap(OutputStream out) throws IOException {
      return new GZIPOutputStream(out, DEFLATE_BUFFER_BYTES) {
        {
          def.setLevel(Deflater.BEST_SPEED);
        }
      };
    }
  };

  private static final int DEFLATE_BUFFER_BYTES = 64 * 1024;

  private final String codecName;
  private final String extension;

  ChunkCodec(String codecName, String extension) {
    this.codecName = codecName;
    this.extension = extension;
  }

  /** The name used on the command line and as {@code chunk_codec} in manifest.json. */
  public String codecName() {
    return codecName;
  }

  public String extension() {
    return extension;
  }

  abstract OutputStream wrap(OutputStream out) throws IOException;

  public static ChunkCodec fromName(String name) {
    for (ChunkCodec codec : values()) {
      if (codec.codecName.equals(name)) {
        return codec;
      }
    }
    throw new IllegalArgumentException("Unknown chunk codec '" + name + "', expected none or gzip");
  }
}
