package io.ptlake.spark.preprocess;

import io.ptlake.preprocess.InputSource;
import io.ptlake.preprocess.storage.S3Uri;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.toc.SourceKind;
import io.ptlake.preprocess.toc.TableOfContents;
import io.ptlake.preprocess.toc.TocPreprocessor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Expands the SOURCE arguments of preprocess-many into source files, on the driver, reading only
 * listings and small files: a table of contents (its in-network and allowed-amounts files), a list
 * file (one path or URL a line; blank lines and {@code #} comments skipped), an S3 prefix or a
 * local directory (their {@code .json}, {@code .json.gz} and {@code .gz} files, sizes and ETags
 * from the listing itself), or one source file. Files are deduplicated by output folder (a
 * pre-signed URL listed twice with two signatures is one file).
 */
public final class SourceListing {
  /** What a prefix or directory listing takes as a source file. */
  static final Pattern SOURCE_NAME = Pattern.compile("(?i).*\\.(json|json\\.gz|gz)$");

  /**
   * The sources of a run; {@code toc} is the table of contents when it was the only argument, so
   * that the run also writes toc-manifest.json as {@code preprocess TOC} does.
   */
  public record Listing(List<SourceFile> files, TableOfContents toc, String tocUri) {}

  private final Storage storage;

  public SourceListing(Storage storage) {
    this.storage = storage;
  }

  /**
   * @param limit at most this many files (after {@code match}); 0 for all
   * @param match only the files whose URL contains a match; null for all
   */
  public Listing expand(List<String> arguments, int limit, Pattern match) throws IOException {
    Map<String, SourceFile> files = new LinkedHashMap<>();
    TableOfContents toc = null;
    for (String argument : arguments) {
      Expanded expanded = expand(argument);
      if (arguments.size() == 1) {
        toc = expanded.toc();
      }
      for (SourceFile file : expanded.files()) {
        files.putIfAbsent(file.name(), file);
      }
    }
    List<SourceFile> selected =
        TocPreprocessor.select(List.copyOf(files.values()), SourceFile::uri, limit, match);
    return new Listing(selected, toc, toc == null ? null : arguments.get(0));
  }

  private record Expanded(List<SourceFile> files, TableOfContents toc) {
    Expanded(List<SourceFile> files) {
      this(files, null);
    }
  }

  private Expanded expand(String argument) throws IOException {
    if (S3Uri.isS3(argument)) {
      S3Uri location = S3Uri.parse(argument);
      if (location.key().isEmpty() || location.key().endsWith("/")) {
        return new Expanded(listS3(location));
      }
      InputSource.Stat stat;
      try {
        stat = storage.inputSource().stat(argument);
      } catch (NoSuchFileException notAnObject) {
        return new Expanded(listS3(new S3Uri(location.bucket(), location.key() + "/")));
      }
      return expandFile(argument, stat);
    }
    if (!argument.contains("://") && Files.isDirectory(Path.of(argument))) {
      return new Expanded(listDirectory(Path.of(argument)));
    }
    return expandFile(argument, null);
  }

  /** A file argument: a table of contents, a list file, or one source file. */
  private Expanded expandFile(String uri, InputSource.Stat stat) throws IOException {
    InputSource input = storage.inputSource();
    if (!startsWithJson(uri)) {
      return new Expanded(readList(uri));
    }
    if (SourceKind.detect(input, uri) == SourceKind.TABLE_OF_CONTENTS) {
      TableOfContents toc;
      try (InputStream in = SourceKind.decoded(input.open(uri))) {
        toc = TableOfContents.read(in, uri);
      }
      List<SourceFile> files = new ArrayList<>();
      for (TableOfContents.FileRef file : toc.files()) {
        files.add(SourceFile.unstated(file.url()));
      }
      return new Expanded(files, toc);
    }
    return new Expanded(
        List.of(stat == null ? SourceFile.unstated(uri) : SourceFile.of(uri, stat)));
  }

  /** Whether the first non-blank character of the (decoded) file is {@code {}. */
  private boolean startsWithJson(String uri) throws IOException {
    try (InputStream in = SourceKind.decoded(storage.inputSource().open(uri))) {
      int c;
      do {
        c = in.read();
      } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB
          || c == 0xBF);
      return c == '{';
    }
  }

  private List<SourceFile> readList(String uri) throws IOException {
    List<SourceFile> files = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        SourceKind.decoded(storage.inputSource().open(uri)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          files.add(SourceFile.unstated(line));
        }
      }
    }
    return files;
  }

  /** ListObjectsV2 gives size and ETag, so these files need no HEAD. */
  private List<SourceFile> listS3(S3Uri prefix) throws IOException {
    List<SourceFile> files = new ArrayList<>();
    try {
      for (S3Object object : storage.s3()
          .listObjectsV2Paginator(r -> r.bucket(prefix.bucket()).prefix(prefix.key()))
          .contents()) {
        if (SOURCE_NAME.matcher(object.key()).matches()) {
          String uri = new S3Uri(prefix.bucket(), object.key()).toString();
          files.add(SourceFile.of(uri, new InputSource.Stat(object.size(), object.eTag())));
        }
      }
    } catch (SdkException e) {
      throw new IOException("Cannot list " + prefix + " because " + e.getMessage(), e);
    }
    return files;
  }

  private List<SourceFile> listDirectory(Path directory) throws IOException {
    List<SourceFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
        if (SOURCE_NAME.matcher(path.getFileName().toString()).matches()) {
          String uri = path.toString();
          files.add(SourceFile.of(uri, storage.inputSource().stat(uri)));
        }
      }
    }
    return files;
  }
}
