package io.ptlake.spark.cli;

import io.ptlake.preprocess.ChunkOptions;
import io.ptlake.preprocess.InputSource;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.preprocess.storage.Storage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The folder where {@code run} and {@code demo} preprocess their inputs before the ingest. Each
 * input gets a stable sub-folder, so a rerun of the same input replaces its chunks in place.
 */
final class StagingArea {
  private final Path root;
  private final InputSource reader;

  /** {@code reader} reads the sources and any remote provider files they point to. */
  StagingArea(Path root, InputSource reader) {
    this.root = root;
    this.reader = reader;
  }

  /** Preprocesses every input in turn; returns their output folders in the same order. */
  List<String> preprocess(List<String> inputs, ChunkOptions options, CommandSpec spec,
      PrintWriter err) throws IOException {
    List<String> dirs = new ArrayList<>(inputs.size());
    for (String input : inputs) {
      Path out = root.resolve(folderName(input));
      Manifest manifest =
          new Preprocessor(options.configure(input, out, spec).input(reader).build()).run();
      err.printf("ptlake: preprocessed %s: %,d items, %,d expected rows -> %s%n",
          Storage.displayUri(input), manifest.count(Manifest.IN_NETWORK_ITEMS), manifest.expectedRows(), out);
      err.flush();
      dirs.add(out.toString());
    }
    return dirs;
  }

  /**
   * The file name without its JSON/gzip endings, plus a hash of the whole input string: two
   * inputs with the same name in different folders must not share a staging folder.
   */
  static String folderName(String input) {
    String name = input.substring(input.lastIndexOf('/') + 1)
        .replaceFirst("(\\.json)?(\\.gz)?$", "")
        .replaceAll("[^A-Za-z0-9._-]", "_");
    return name + "-" + HexFormat.of().formatHex(sha256(input), 0, 4);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
