package io.ptlake.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * JSON tokens (Jackson's: names, scalars, brackets) and bytes of a benchmark input, counted once
 * with a plain parser and kept in {@code FILE.tokens} beside it: how token-dense a file is, which
 * is what the scanner's cost per byte follows.
 */
final class TokenCount {
  private TokenCount() {}

  /** {tokens, JSON bytes}. */
  static long[] of(Path source) throws IOException {
    Path cache = source.resolveSibling(source.getFileName() + ".tokens");
    if (Files.exists(cache) && Files.getLastModifiedTime(cache).compareTo(
        Files.getLastModifiedTime(source)) >= 0) {
      String[] fields = Files.readString(cache).trim().split(" ");
      return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }
    System.out.printf("# counting the tokens of %s once ...%n", source);
    long tokens = 0;
    try (InputStream in = open(source);
        JsonParser parser = new JsonFactory().createParser(in)) {
      while (parser.nextToken() != null) {
        tokens++;
      }
      long bytes = parser.currentLocation().getByteOffset();
      Files.writeString(cache, tokens + " " + bytes + "\n");
      return new long[] {tokens, bytes};
    }
  }

  private static InputStream open(Path source) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(source), 1 << 18);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip ? new GZIPInputStream(in, 1 << 18) : in;
  }
}
