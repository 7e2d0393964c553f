package io.ptlake.spark.cli;

import io.ptlake.preprocess.ChunkOptions;
import io.ptlake.preprocess.InputSource;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.toc.SourceKind;
import io.ptlake.preprocess.toc.TocPreprocessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The folder where {@code run} and {@code demo} preprocess their inputs before the ingest. Each
 * input gets a stable sub-folder, so a rerun of the same input replaces its chunks in place. A
 * table of contents is preprocessed as {@code preprocess TOC} does it, the files it lists inside
 * its folder; an input that one of the ToCs given lists is preprocessed there only, once.
 */
final class StagingArea {
  private final Path root;
  private final Storage storage;
  private final InputSource reader;

  /**
   * {@code storage} writes the folders and reads the ToCs; {@code reader} reads the sources and
   * any remote provider files they point to.
   */
  StagingArea(Path root, Storage storage, InputSource reader) {
    this.root = root;
    this.storage = storage;
    this.reader = reader;
  }

  /**
   * Preprocesses the tables of contents among the inputs, then every other input in turn; returns
   * the output folders (the ToCs' first), which {@code ingest} takes as they are.
   */
  List<String> preprocess(List<String> inputs, ChunkOptions options, CommandSpec spec,
      PrintWriter err) throws IOException {
    List<String> dirs = new ArrayList<>(inputs.size());
    List<String> files = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (String input : inputs) {
      if (SourceKind.detect(reader, input) != SourceKind.TABLE_OF_CONTENTS) {
        files.add(input);
        continue;
      }
      Path out = root.resolve(folderName(input));
      TocPreprocessor.Result result = new TocPreprocessor(storage,
          (file, output) -> options.configure(file, output, spec).input(reader), 0, null)
          .run(Storage.canonicalInput(input), out.toString());
      for (TocPreprocessor.FileResult file : result.files()) {
        listed.add(Storage.canonicalInput(file.file().url()));
        if (!file.ok()) {
          err.printf("ptlake: cannot preprocess %s, listed by %s: %s%n",
              Storage.displayUri(file.file().url()), Storage.displayUri(input), file.error());
        }
      }
      err.printf("ptlake: preprocessed the table of contents %s: %,d plans, %d of %d files"
              + " -> %s%n", Storage.displayUri(input), result.toc().plans().size(),
          result.files().size() - result.failed(), result.files().size(), out);
      err.flush();
      dirs.add(out.toString());
    }
    for (String input : files) {
      if (listed.contains(Storage.canonicalInput(input))) {
        continue;
      }
      Path out = root.resolve(folderName(input));
      Manifest manifest =
          new Preprocessor(options.configure(input, out, spec).input(reader).build()).run();
      boolean inNetwork = Manifest.FILE_TYPE_IN_NETWORK_RATES.equals(manifest.fileType());
      err.printf("ptlake: preprocessed %s: %,d %s, %,d expected rows -> %s%n",
          Storage.displayUri(input),
          manifest.count(inNetwork ? Manifest.IN_NETWORK_ITEMS : Manifest.OUT_OF_NETWORK_ITEMS),
          inNetwork ? "items" : "out-of-network items", manifest.expectedRows(), out);
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
