package io.ptlake.spark.preprocess;

import io.ptlake.preprocess.OutputLocation;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.toc.TableOfContents;
import io.ptlake.preprocess.toc.TocPreprocessor;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * preprocess-many: the streaming preprocessor run on Spark executors, one task per source file,
 * biggest first. The driver only lists (a table of contents, a list file, an S3 prefix or a local
 * directory) and collects one small {@link FileOutcome} per file; each task reads its source and
 * writes chunks and manifest straight to the output. The run report goes to
 * {@code OUT/_runs/preprocess-many-<time>.json}.
 */
public final class PreprocessManyJob {
  public static final String RUNS_FOLDER = "_runs";
  private static final Logger LOG = LoggerFactory.getLogger(PreprocessManyJob.class);
  /** local[N, F]: F attempts per task. */
  private static final Pattern LOCAL_WITH_RETRIES =
      Pattern.compile("local\\[\\s*(\\d+|\\*)\\s*,\\s*(\\d+)\\s*\\]");
  /** Spark's default of spark.task.maxFailures on a cluster. */
  private static final int DEFAULT_MAX_FAILURES = 4;
  /** Stat tasks of a listing without sizes (a ToC, a list file): HEADs are cheap, batch them. */
  private static final int FILES_PER_STAT_TASK = 64;

  private PreprocessManyJob() {}

  /**
   * @param sources the SOURCE arguments
   * @param out the output prefix (local folder or s3://bucket/prefix)
   * @param limit at most this many files; 0 for all
   * @param match only files whose URL contains a match; null for all
   */
  public static PreprocessManyReport run(SparkSession spark, List<String> sources, String out,
      PreprocessSettings settings, int limit, Pattern match) throws IOException {
    Objects.requireNonNull(out, "out");
    SparkConf conf = spark.sparkContext().getConf();
    if (conf.getBoolean("spark.speculation", false)) {
      throw new IllegalArgumentException("Cannot run preprocess-many with spark.speculation=true:"
          + " two attempts of one task would write the same output folder at once");
    }
    int maxAttempts = maxTaskAttempts(spark.sparkContext().master(), conf);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (Storage storage = Storage.create(settings.storage())) {
      SourceListing.Listing listing = new SourceListing(storage).expand(sources, limit, match);
      if (listing.files().isEmpty()) {
        throw new IOException("Cannot preprocess-many: " + String.join(", ", sources.stream()
            .map(Storage::displayUri).toList()) + " list no source file");
      }
      OutputLocation root = storage.output(out);
      if (listing.toc() != null) {
        // As preprocess TOC: no toc-manifest.json while the files it lists are being replaced.
        root.delete(TocPreprocessor.TOC_MANIFEST);
      }
      List<SourceFile> planned = plan(jsc, settings, listing.files());
      LOG.info("preprocess-many: {} files, biggest {} ({} bytes), {} attempts per task",
          planned.size(), planned.get(0).displayUri(), planned.get(0).sizeBytes(), maxAttempts);
      // One partition per file, in plan order: Spark launches a stage's tasks by partition
      // index, so the biggest files start first and the small ones fill in at the end.
      List<FileOutcome> outcomes = jsc.parallelize(planned, planned.size())
          .map(new FileTask(settings, out, maxAttempts))
          .collect();
      PreprocessManyReport report = new PreprocessManyReport(sources, out, maxAttempts, started,
          Instant.now().truncatedTo(ChronoUnit.MILLIS), outcomes);
      String reportName = "preprocess-many-" + report.fileTime() + ".json";
      storage.output(Storage.child(out, RUNS_FOLDER)).publish(reportName, report.toJson());
      report.setLocation(Storage.child(Storage.child(out, RUNS_FOLDER), reportName));
      if (listing.toc() != null) {
        root.publish(TocPreprocessor.TOC_MANIFEST, TocPreprocessor.manifest(listing.tocUri(),
            tocResult(listing.toc(), limit, match, outcomes)));
      }
      return report;
    }
  }

  /**
   * Sizes (and versions) of the files the listing could not give them to, read by executors, then
   * the files biggest first. Unknown sizes (-1) go last.
   */
  static List<SourceFile> plan(JavaSparkContext jsc, PreprocessSettings settings,
      List<SourceFile> listed) {
    List<SourceFile> known = new ArrayList<>();
    List<SourceFile> unknown = new ArrayList<>();
    for (SourceFile file : listed) {
      (file.version() == null && file.sizeBytes() < 0 ? unknown : known).add(file);
    }
    if (!unknown.isEmpty()) {
      int tasks = (unknown.size() + FILES_PER_STAT_TASK - 1) / FILES_PER_STAT_TASK;
      known.addAll(jsc.parallelize(unknown, tasks).mapPartitions(new StatTask(settings)).collect());
    }
    known.sort(SourceFile.BIGGEST_FIRST);
    return known;
  }

  /**
   * The attempts Spark gives a task: F of {@code local[N,F]}, 1 in other local modes (Spark
   * ignores spark.task.maxFailures there), spark.task.maxFailures (default 4) on a cluster.
   */
  public static int maxTaskAttempts(String master, SparkConf conf) {
    Matcher local = LOCAL_WITH_RETRIES.matcher(master);
    if (local.matches()) {
      return Integer.parseInt(local.group(2));
    }
    if (master.equals("local") || master.startsWith("local[")) {
      return 1;
    }
    return conf.getInt("spark.task.maxFailures", DEFAULT_MAX_FAILURES);
  }

  /** toc-manifest.json's view of the run: skipped files are done, their folders complete. */
  private static TocPreprocessor.Result tocResult(TableOfContents toc, int limit, Pattern match,
      List<FileOutcome> outcomes) {
    Map<String, FileOutcome> byName = new HashMap<>();
    for (FileOutcome outcome : outcomes) {
      byName.put(outcome.source().name(), outcome);
    }
    List<TocPreprocessor.FileResult> files = new ArrayList<>();
    for (TableOfContents.FileRef file :
        TocPreprocessor.select(toc.files(), TableOfContents.FileRef::url, limit, match)) {
      FileOutcome outcome = byName.get(TocPreprocessor.stableName(file.url()));
      if (outcome == null) {
        continue;
      }
      files.add(outcome.failed()
          ? TocPreprocessor.FileResult.failed(file, outcome.source().name(), outcome.error())
          : new TocPreprocessor.FileResult(file, outcome.source().name(), "done", null,
              outcome.fileType(), outcome.expectedRows()));
    }
    return new TocPreprocessor.Result(toc, files);
  }
}
