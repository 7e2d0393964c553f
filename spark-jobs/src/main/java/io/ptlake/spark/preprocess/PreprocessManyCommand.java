package io.ptlake.spark.preprocess;

import io.ptlake.preprocess.ChunkOptions;
import io.ptlake.preprocess.FetchOptions;
import io.ptlake.preprocess.LocalOutputLocation;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.storage.StorageOptions;
import io.ptlake.preprocess.storage.StorageProperties;
import io.ptlake.spark.SparkSessionFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ptlake preprocess-many}: {@link PreprocessManyJob} from the command line, Glue or EMR. */
@Command(
    name = "preprocess-many",
    mixinStandardHelpOptions = true,
    description = {
      "Preprocesses many source files on Spark executors, one task per file, biggest first, each"
          + " streaming its source into OUT/<name>-<hash>/ (chunks, then manifest.json) as"
          + " preprocess does. A file whose folder already holds a manifest of the same source"
          + " (URI, size and ETag or modification time) is skipped. A file that still fails after"
          + " Spark's task retries is recorded as failed while the others complete.",
      "Prints the run report (JSON) on stdout and keeps it as OUT/_runs/preprocess-many-<time>.json."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file processed or skipped",
      "1:a file failed (the others are done; see the report), or the sources could not be listed",
      "2:invalid options"
    })
public final class PreprocessManyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SOURCE",
      description = "A table of contents, a list file (one path or URL a line), an s3:// prefix,"
          + " a local directory (their .json, .json.gz and .gz files) or one source file.")
  List<String> sources;

  @Option(names = "--out", required = true, paramLabel = "PREFIX",
      description = "Output prefix, s3://bucket/prefix or a local folder (one the executors share).")
  String out;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Preprocess at most N of the listed files (default: all).")
  int limit;

  @Option(names = "--match", paramLabel = "REGEX",
      description = "Only the files whose URL contains a match of REGEX.")
  Pattern match;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master of a local run, e.g. local[4,3] (4 threads, 3 attempts per"
          + " task) (default: local[*], or spark-submit's).")
  String master;

  @Mixin ChunkOptions chunkOptions;
  @Mixin StorageOptions storageOptions;
  @Mixin FetchOptions fetchOptions;

  public PreprocessManyCommand() {}

  @Override
  public Integer call() {
    PreprocessSettings settings = settings();
    PrintWriter err = spec.commandLine().getErr();
    boolean existing = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = session();
    try {
      PreprocessManyReport report =
          PreprocessManyJob.run(spark, sources, out, settings, limit, match);
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.print(report.toJsonString());
      stdout.flush();
      err.println(String.format(Locale.ROOT,
          "preprocess-many: %d processed, %d skipped, %d failed in %.1f s (%.1f MB/s of sources"
              + " read); report %s",
          report.count(FileOutcome.PROCESSED), report.count(FileOutcome.SKIPPED),
          report.count(FileOutcome.FAILED), report.seconds(),
          report.bytesProcessed() / 1e6 / Math.max(report.seconds(), 1e-3), report.location()));
      err.flush();
      return report.anyFailed() ? 1 : 0;
    } catch (IllegalArgumentException e) {
      // a session setting that forbids the run (speculation)
      err.println("ptlake preprocess-many: " + e.getMessage());
      err.flush();
      return 2;
    } catch (IOException e) {
      // the sources could not be listed (a table of contents that is not JSON, a refused URL, ...)
      err.println("ptlake preprocess-many: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      if (!existing) {
        spark.stop();
      }
    }
  }

  /** The options, checked before Spark starts. */
  private PreprocessSettings settings() {
    StorageProperties storage;
    try {
      storage = storageOptions.properties();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    // A template config: the chunk and fetch options, checked and converted as preprocess does.
    PreprocessConfig template = chunkOptions
        .configure(out, new LocalOutputLocation(Path.of(".")), spec)
        .fetchLimits(fetchOptions.limits(spec))
        .build();
    return PreprocessSettings.of(storage, template);
  }

  /** A caller's session (Glue script, test), spark-submit's, or a local one without Hive. */
  private SparkSession session() {
    if (SparkSession.getDefaultSession().isDefined()) {
      return SparkSession.getDefaultSession().get();
    }
    if (master == null && SparkSessionFactory.configuredBySparkSubmit()) {
      return SparkSession.builder().appName("ptlake preprocess-many").getOrCreate();
    }
    // Nothing here needs a catalog or a warehouse: plain local Spark.
    return SparkSession.builder()
        .appName("ptlake preprocess-many")
        .master(master == null ? "local[*]" : master)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}
