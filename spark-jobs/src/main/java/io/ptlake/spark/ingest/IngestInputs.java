package io.ptlake.spark.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.toc.TocPreprocessor;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the DIR arguments of an ingest name, expanded into sources: a preprocess output folder
 * ({@code manifest.json}: one in-network or allowed-amounts file), the output folder of
 * {@code preprocess TOC} ({@code toc-manifest.json}: the table of contents and the folders of the
 * files it lists), or a {@code preprocess-many} PREFIX (the folders its latest run report
 * {@code _runs/preprocess-many-<time>.json} lists as processed or skipped, and its
 * toc-manifest.json when the same run wrote it). Hadoop paths, so s3a:// prefixes read alike.
 *
 * @param sources every preprocessed file, in argument order, each once
 * @param tocs the tables of contents whose plans the ingest loads
 */
public record IngestInputs(List<PreprocessedSource> sources, List<TocSource> tocs) {
  private static final Logger LOG = LoggerFactory.getLogger(IngestInputs.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** preprocess-many's run reports, under the PREFIX; names sort by their UTC time. */
  static final String RUNS_FOLDER = "_runs";
  static final String REPORT_PREFIX = "preprocess-many-";
  private static final String FAILED = "failed";

  public IngestInputs {
    sources = List.copyOf(sources);
    tocs = List.copyOf(tocs);
  }

  /**
   * @throws IngestException when an argument is none of the three, or a folder its run lists as
   *     complete has no manifest
   */
  public static IngestInputs expand(List<String> dirs, Configuration hadoopConf) {
    Map<Path, PreprocessedSource> sources = new LinkedHashMap<>();
    List<TocSource> tocs = new ArrayList<>();
    for (String dir : dirs) {
      Path root = new Path(dir);
      try {
        FileSystem fs = root.getFileSystem(hadoopConf);
        if (fs.exists(new Path(root, PreprocessedSource.MANIFEST_FILE))) {
          PreprocessedSource source = PreprocessedSource.read(dir, hadoopConf);
          sources.putIfAbsent(source.dir(), source);
          continue;
        }
        Optional<TocSource> toc = currentToc(fs, root, hadoopConf);
        List<Path> folders = toc.isPresent() ? tocFolders(toc.get()) : reportFolders(fs, root);
        if (folders == null) {
          // Neither kind of run: the one-folder message says what was expected.
          PreprocessedSource.read(dir, hadoopConf);
        }
        toc.ifPresent(tocs::add);
        for (Path folder : folders) {
          PreprocessedSource source = PreprocessedSource.read(folder.toString(), hadoopConf);
          sources.putIfAbsent(source.dir(), source);
        }
      } catch (IOException e) {
        throw new IngestException("Cannot read the preprocess output " + dir + ": "
            + e.getMessage(), e);
      }
    }
    return new IngestInputs(List.copyOf(sources.values()), tocs);
  }

  /** The sources of one file type. */
  public List<PreprocessedSource> sources(boolean inNetwork) {
    return sources.stream().filter(source -> source.isInNetwork() == inNetwork).toList();
  }

  /**
   * The folder's toc-manifest.json, unless a later preprocess-many run (of a list, which writes
   * none) left it behind: its files would not be the run's.
   */
  private static Optional<TocSource> currentToc(FileSystem fs, Path root,
      Configuration hadoopConf) throws IOException {
    if (!fs.exists(new Path(root, TocPreprocessor.TOC_MANIFEST))) {
      return Optional.empty();
    }
    TocSource toc = TocSource.read(root, hadoopConf);
    Optional<JsonNode> report = latestReport(fs, root);
    if (report.isPresent()) {
      Instant started = Instant.parse(report.get().path("started_at").asText());
      if (toc.createdAt() != null && toc.createdAt().isBefore(started)) {
        LOG.warn("Leaving out {}: the latest run under {} started after it was written, from"
            + " other sources", toc.manifestPath(), root);
        return Optional.empty();
      }
    }
    return Optional.of(toc);
  }

  /** The folders of the files a ToC's run preprocessed; failed ones have no manifest. */
  private static List<Path> tocFolders(TocSource toc) {
    return toc.files().stream().filter(TocSource.TocFile::done).map(toc::dirOf).toList();
  }

  /** The folders the latest run report lists as complete; null when there is no report. */
  private static List<Path> reportFolders(FileSystem fs, Path root) throws IOException {
    Optional<JsonNode> report = latestReport(fs, root);
    if (report.isEmpty()) {
      return null;
    }
    List<Path> folders = new ArrayList<>();
    for (JsonNode file : report.get().path("results")) {
      String type = file.path("file_type").asText();
      if (!file.path("status").asText().equals(FAILED)
          && (type.equals(Manifest.FILE_TYPE_IN_NETWORK_RATES)
              || type.equals(Manifest.FILE_TYPE_ALLOWED_AMOUNTS))) {
        folders.add(new Path(root, file.path("dir").asText()));
      }
    }
    return folders;
  }

  private static Optional<JsonNode> latestReport(FileSystem fs, Path root) throws IOException {
    Path runs = new Path(root, RUNS_FOLDER);
    if (!fs.exists(runs)) {
      return Optional.empty();
    }
    Optional<Path> latest = Arrays.stream(fs.listStatus(runs))
        .map(FileStatus::getPath)
        .filter(path -> path.getName().startsWith(REPORT_PREFIX)
            && path.getName().endsWith(".json"))
        .max(Comparator.comparing(Path::getName));
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(latest.get())) {
      return Optional.of(JSON.readTree(in));
    }
  }
}
