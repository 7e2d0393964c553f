package io.ptlake.preprocess.toc;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.OutputLocation;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.preprocess.ToolVersion;
import io.ptlake.preprocess.remote.RefusedUrlException;
import io.ptlake.preprocess.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preprocesses the files a table of contents lists: each distinct in-network or allowed-amounts
 * file (the preprocessor tells which by its content, not by the listing) into
 * {@code OUT/<stable name>/}, then {@code OUT/toc-manifest.json} (written last) with the plans,
 * the files and the plan → file links. A file that fails is recorded there with its reason and the
 * others go on.
 */
public final class TocPreprocessor {
  public static final String TOC_MANIFEST = "toc-manifest.json";
  public static final String FORMAT = "ptlake-toc/1";
  private static final Logger LOG = LoggerFactory.getLogger(TocPreprocessor.class);
  private static final int MAX_NAME_CHARS = 80;

  private final Storage storage;
  private final BiFunction<String, OutputLocation, PreprocessConfig.Builder> configure;
  private final int limit;
  private final Pattern match;

  /**
   * @param configure the config of one listed file into its output folder
   * @param limit at most this many files (after {@code match}); 0 for all
   * @param match only URLs in which this pattern is found; null for all
   */
  public TocPreprocessor(
      Storage storage,
      BiFunction<String, OutputLocation, PreprocessConfig.Builder> configure,
      int limit,
      Pattern match) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.configure = Objects.requireNonNull(configure, "configure");
    this.limit = limit;
    this.match = match;
  }

  /**
   * The outcome of one listed file.
   *
   * @param fileType what its manifest says; null when it failed
   * @param expectedRows its manifest's; null when it failed
   */
  public record FileResult(
      TableOfContents.FileRef file, String name, String status, String error, String fileType,
      Long expectedRows) {
    public static FileResult done(TableOfContents.FileRef file, String name, Manifest manifest) {
      return new FileResult(
          file, name, "done", null, manifest.fileType(), manifest.expectedRows());
    }

    public static FileResult failed(TableOfContents.FileRef file, String name, String error) {
      return new FileResult(file, name, "failed", error, null, null);
    }

    public boolean ok() {
      return status.equals("done");
    }
  }

  public record Result(TableOfContents toc, List<FileResult> files) {
    public long failed() {
      return files.stream().filter(f -> f.status().equals("failed")).count();
    }
  }

  public Result run(String tocUri, String outUri) throws IOException {
    OutputLocation root = storage.output(outUri);
    root.delete(TOC_MANIFEST);
    TableOfContents toc;
    try (InputStream in = SourceKind.decoded(storage.inputSource().open(tocUri))) {
      toc = TableOfContents.read(in, tocUri);
    }
    List<FileResult> results = new ArrayList<>();
    for (TableOfContents.FileRef file :
        select(toc.files(), TableOfContents.FileRef::url, limit, match)) {
      results.add(preprocess(file, outUri));
    }
    Result result = new Result(toc, results);
    root.publish(TOC_MANIFEST, manifest(tocUri, result));
    return result;
  }

  /**
   * The {@code --match} and {@code --limit} selection, in listing order.
   *
   * @param limit at most this many (after {@code match}); 0 for all
   * @param match only those whose URL contains a match; null for all
   */
  public static <T> List<T> select(
      List<T> listed, Function<T, String> url, int limit, Pattern match) {
    List<T> selected = new ArrayList<>();
    for (T file : listed) {
      if (match != null && !match.matcher(url.apply(file)).find()) {
        continue;
      }
      if (limit > 0 && selected.size() == limit) {
        break;
      }
      selected.add(file);
    }
    return selected;
  }

  private FileResult preprocess(TableOfContents.FileRef file, String outUri) {
    String name = stableName(file.url());
    try {
      OutputLocation out = storage.output(Storage.child(outUri, name));
      Manifest manifest = new Preprocessor(configure.apply(file.url(), out).build()).run();
      return FileResult.done(file, name, manifest);
    } catch (IOException | RuntimeException e) {
      return failed(file, name, e);
    }
  }

  private static FileResult failed(TableOfContents.FileRef file, String name, Exception e) {
    LOG.warn("Cannot preprocess {}: {}", RefusedUrlException.redact(file.url()), e.getMessage());
    return FileResult.failed(file, name, e.getMessage());
  }

  /**
   * The URL's file name without JSON/gzip endings, plus 8 hex digits of the SHA-256 of the URL
   * without its query: pre-signed URLs change their signature from one ToC to the next, the
   * folder must not.
   */
  public static String stableName(String url) {
    String base = url;
    int query = base.indexOf('?');
    if (query >= 0) {
      base = base.substring(0, query);
    }
    String last = base.substring(base.lastIndexOf('/') + 1)
        .replaceFirst("(?i)(\\.json)?(\\.gz)?$", "")
        .replaceAll("[^A-Za-z0-9._-]", "_");
    if (last.length() > MAX_NAME_CHARS) {
      last = last.substring(0, MAX_NAME_CHARS);
    }
    if (last.isEmpty()) {
      last = "file";
    }
    return last + "-" + HexFormat.of().formatHex(sha256(base), 0, 4);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The bytes of toc-manifest.json. */
  public static byte[] manifest(String tocUri, Result result) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = SourceKind.JSON.createGenerator(bytes)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeStringField("tool_version", ToolVersion.VALUE);
      g.writeStringField("source", RefusedUrlException.redact(tocUri));
      g.writeObjectFieldStart("header");
      for (Map.Entry<String, String> field : result.toc().header().entrySet()) {
        g.writeStringField(field.getKey(), field.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("plans");
      for (TableOfContents.Plan plan : result.toc().plans()) {
        g.writeStartObject();
        for (Map.Entry<String, String> field : plan.fields().entrySet()) {
          g.writeStringField(field.getKey(), field.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("files_listed", result.toc().files().size());
      g.writeArrayFieldStart("files");
      for (FileResult file : result.files()) {
        g.writeStartObject();
        g.writeStringField("dir", file.name());
        g.writeStringField("url", RefusedUrlException.redact(file.file().url()));
        // what the file holds once read; what the listing says until then
        g.writeStringField("file_type", file.fileType() != null
            ? file.fileType() : file.file().kind().manifestName());
        if (file.file().description() != null) {
          g.writeStringField("description", file.file().description());
        }
        g.writeArrayFieldStart("plans");
        for (int plan : file.file().plans()) {
          g.writeNumber(plan);
        }
        g.writeEndArray();
        g.writeStringField("status", file.status());
        if (file.error() != null) {
          g.writeStringField("error", file.error());
        }
        if (file.expectedRows() != null) {
          g.writeNumberField("expected_rows", file.expectedRows());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("created_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
      g.writeEndObject();
      g.writeRaw('\n');
    }
    return bytes.toByteArray();
  }
}
