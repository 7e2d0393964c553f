package io.ptlake.spark.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ptlake.preprocess.ChunkCodec;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.toc.TocPreprocessor;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A table of contents as {@code preprocess TOC} or {@code preprocess-many} left it: its
 * {@code toc-manifest.json} (ptlake-toc/1), read on the driver in one streaming pass that keeps
 * the header and the files but only counts the plan → file links (a payer's ToC may link
 * hundreds of thousands of plans; {@link PlanTables} reads them with Spark).
 *
 * @param manifestPath the toc-manifest.json, qualified
 * @param sourceFile the ToC's URI as the manifest records it (a signed URL's query cut)
 * @param header the ToC's top-level scalars (reporting_entity_name, last_updated_on, …)
 * @param plans entries of the manifest's {@code plans}: the plans the ToC lists
 * @param links Σ over the files of their plan indices: the plan → file links
 * @param files the files preprocessed from the ToC, in manifest order
 * @param createdAt when the manifest was written
 */
public record TocSource(Path manifestPath, String sourceFile, Map<String, String> header,
    long plans, long links, List<TocFile> files, Instant createdAt) {

  /** The file type of a table of contents, as the plans table names where a plan was listed. */
  public static final String FILE_TYPE = "table-of-contents";

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * One file the ToC lists and the run handled.
   *
   * @param dir its folder, relative to the manifest's
   * @param url its location, as the ToC gives it (resolved, query cut)
   * @param fileType what the file holds once read, else what the ToC says
   * @param status {@code done} or {@code failed}
   */
  public record TocFile(String dir, String url, String fileType, String description,
      String status) {
    public boolean done() {
      return "done".equals(status);
    }
  }

  public TocSource {
    header = Map.copyOf(header);
    files = List.copyOf(files);
  }

  /** Reads {@code dir/toc-manifest.json}. */
  public static TocSource read(Path dir, Configuration hadoopConf) throws IOException {
    Path path = new Path(dir, TocPreprocessor.TOC_MANIFEST);
    FileSystem fs = path.getFileSystem(hadoopConf);
    path = fs.makeQualified(path);
    try (InputStream in = fs.open(path); JsonParser p = JSON.createParser(in)) {
      return new Reader(p, path).read();
    }
  }

  /** The folder a listed file was preprocessed into. */
  public Path dirOf(TocFile file) {
    return new Path(manifestPath.getParent(), file.dir());
  }

  public String sourceId() {
    return PreprocessedSource.sourceId(sourceFile);
  }

  /** YYYY-MM of the ToC's last_updated_on; null without one. */
  public String snapshotMonth() {
    return PreprocessedSource.snapshotMonth(header.get(PreprocessedSource.LAST_UPDATED_ON));
  }

  /**
   * The ToC as a source of the lake's source-scoped tables: its month and source_id identify its
   * rows in {@code plans} and {@code plan_files} as a file's identify its rates; expected rows are
   * its plans.
   */
  public PreprocessedSource asSource() {
    return new PreprocessedSource(manifestPath.getParent(), new Manifest(TocPreprocessor.FORMAT,
        null, new Manifest.Source(sourceFile, 0, "none", 0), FILE_TYPE, header,
        Map.of(PlanTables.PLANS, plans, PlanTables.PLAN_FILES, links), plans, ChunkCodec.NONE,
        List.of(), List.of(), createdAt));
  }

  private static final class Reader {
    private final JsonParser p;
    private final Path path;
    private String source;
    private final Map<String, String> header = new LinkedHashMap<>();
    private long plans;
    private long links;
    private final List<TocFile> files = new ArrayList<>();
    private Instant createdAt;

    Reader(JsonParser p, Path path) {
      this.p = p;
      this.path = path;
    }

    TocSource read() throws IOException {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("Cannot read " + path + " because it is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "source" -> source = p.getText();
          case "header" -> header.putAll(scalars());
          case "plans" -> plans = countElements(value);
          case "files" -> readFiles(value);
          case "created_at" -> createdAt = Instant.parse(p.getText());
          default -> p.skipChildren();
        }
      }
      if (source == null) {
        throw new IOException("Cannot read " + path + " because it names no source");
      }
      return new TocSource(path, source, header, plans, links, files, createdAt);
    }

    private void readFiles(JsonToken value) throws IOException {
      if (value != JsonToken.START_ARRAY) {
        throw new IOException("Cannot read " + path + " because its files are not an array");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        Map<String, String> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken field = p.nextToken();
          if (name.equals("plans")) {
            links += countElements(field);
          } else if (field.isStructStart()) {
            p.skipChildren();
          } else {
            fields.put(name, p.getText());
          }
        }
        files.add(new TocFile(fields.get("dir"), fields.get("url"), fields.get("file_type"),
            fields.get("description"), fields.get("status")));
      }
    }

    private Map<String, String> scalars() throws IOException {
      Map<String, String> fields = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken().isStructStart()) {
          p.skipChildren();
        } else {
          fields.put(name, p.getText());
        }
      }
      return fields;
    }

    private long countElements(JsonToken value) throws IOException {
      if (value != JsonToken.START_ARRAY) {
        p.skipChildren();
        return 0;
      }
      long count = 0;
      for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
        count++;
        p.skipChildren();
      }
      return count;
    }
  }
}
