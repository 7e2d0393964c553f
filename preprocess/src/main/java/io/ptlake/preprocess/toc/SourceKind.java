package io.ptlake.preprocess.toc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ptlake.preprocess.InputSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** What a TiC file is, told by its first distinctive top-level key. */
public enum SourceKind {
  /** Has {@code in_network} or {@code provider_references}. */
  IN_NETWORK,
  /** Has {@code out_of_network}. */
  ALLOWED_AMOUNTS,
  /** Has {@code reporting_structure}. */
  TABLE_OF_CONTENTS;

  static final JsonFactory JSON = new JsonFactory();

  /**
   * JSON read at most to find the kind: the distinctive key of a real file comes within its first
   * kilobytes, and a hostile file (gigabytes of whitespace or header before it) must not be read
   * here without the preprocessor's limits.
   */
  static final long MAX_DETECT_BYTES = 16L << 20;

  /**
   * Reads {@code uri} only up to its first distinctive top-level key (header fields come first in
   * practice). A file with none of them, or that is not JSON, is an {@link #IN_NETWORK} file: the
   * preprocessor then reports what is wrong with it, with its position. So is a file whose kind
   * is not known after {@link #MAX_DETECT_BYTES} of JSON.
   */
  public static SourceKind detect(InputSource input, String uri) throws IOException {
    try (InputStream in = new Prefix(decoded(input.open(uri)), MAX_DETECT_BYTES);
        JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return IN_NETWORK;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        switch (name) {
          case "reporting_structure":
            return TABLE_OF_CONTENTS;
          case "out_of_network":
            return ALLOWED_AMOUNTS;
          case "in_network":
          case "provider_references":
            return IN_NETWORK;
          default:
            p.nextToken();
            p.skipChildren();
        }
      }
      return IN_NETWORK;
    } catch (com.fasterxml.jackson.core.JsonProcessingException | java.util.zip.ZipException
        | java.io.EOFException e) {
      // not JSON, corrupt or truncated gzip, or the prefix ended: the preprocessor says which
      return IN_NETWORK;
    }
  }

  /** The first {@code limit} bytes of a stream, then its end. */
  private static final class Prefix extends java.io.FilterInputStream {
    private long left;

    Prefix(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** The JSON of a plain or gzip stored file. */
  public static InputStream decoded(InputStream stored) throws IOException {
    BufferedInputStream in = new BufferedInputStream(stored, 64 * 1024);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip ? new GZIPInputStream(in, 64 * 1024) : in;
  }
}
