package io.ptlake.preprocess;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Where a malformed-input error must point, computed from the bad file's own bytes: the offset in
 * the JSON (for a gzip file, the JSON the JDK's {@link GZIPInputStream} inflates before it fails)
 * and the line and column that offset lies at, counting a line break as Jackson does (LF, CR or
 * CRLF) and columns in bytes from 1.
 *
 * <p>The offsets are the parser's position when it meets the problem: just past the last byte it
 * read, as {@link #after} and {@link #end} compute them from the text a case was cut or corrupted
 * at.
 */
record ErrorPosition(long offset, int line, int column) {
  /** The offset an error must name, as a function of the file's JSON. */
  @FunctionalInterface
  interface At {
    long offset(byte[] json);
  }

  /** At the end of the JSON: where a cut file ends, or where a gzip stream stopped inflating. */
  static At end() {
    return json -> json.length;
  }

  /** Just past the first occurrence of {@code marker} (bytes as ISO-8859-1 characters). */
  static At after(String marker) {
    return json -> {
      int at = text(json).indexOf(marker);
      if (at < 0) {
        throw new IllegalArgumentException("No '" + marker + "' in the case's JSON");
      }
      return at + marker.length();
    };
  }

  /** Just past the first occurrence of the raw bytes {@code marker}. */
  static At after(byte... marker) {
    return after(new String(marker, StandardCharsets.ISO_8859_1));
  }

  /** The position {@code at} gives in {@code file}, a JSON or gzip file. */
  static ErrorPosition in(byte[] file, At at) {
    byte[] json = json(file);
    long offset = at.offset(json);
    int line = 1;
    long lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (json[i] == '\n' || (json[i] == '\r' && (i + 1 >= json.length || json[i + 1] != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    return new ErrorPosition(offset, line, (int) (offset - lineStart + 1));
  }

  /** How the error message ends. */
  String messageEnd() {
    return " at byte offset " + offset + " (line " + line + ", column " + column + ")";
  }

  /** The file as it is, or for a gzip file what inflates of it before the first failure. */
  static byte[] json(byte[] file) {
    if (file.length < 2 || file[0] != (byte) 0x1f || file[1] != (byte) 0x8b) {
      return file;
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
      byte[] buffer = new byte[1];
      // Byte by byte, so that what inflated before a failure is kept.
      while (in.read(buffer) > 0) {
        json.write(buffer[0]);
      }
    } catch (IOException e) {
      // a truncated or corrupt stream: the JSON is what inflated before
    }
    return json.toByteArray();
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.ISO_8859_1);
  }
}
