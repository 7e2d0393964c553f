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
   * Reads {@code uri} only up to its first distinctive top-level key (header fields come first in
   * practice). A file with none of them, or that is not JSON, is an {@link #IN_NETWORK} file: the
   * preprocessor then reports what is wrong with it, with its position.
   */
  public static SourceKind detect(InputSource input, String uri) throws IOException {
    try (InputStream in = decoded(input.open(uri));
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
    } catch (com.fasterxml.jackson.core.JsonProcessingException | java.util.zip.ZipException e) {
      return IN_NETWORK;
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
