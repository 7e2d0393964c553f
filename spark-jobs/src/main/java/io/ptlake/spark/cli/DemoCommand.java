package io.ptlake.spark.cli;

import io.ptlake.generator.SampleExtras;
import io.ptlake.preprocess.ChunkOptions;
import io.ptlake.preprocess.LocalInputSource;
import io.ptlake.preprocess.MalformedInputException;
import io.ptlake.preprocess.PreprocessCommand;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageProperties;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.IngestException;
import io.ptlake.spark.ingest.IngestJob;
import io.ptlake.spark.ingest.IngestReport;
import io.ptlake.spark.providers.ProvidersLoad;
import io.ptlake.spark.report.ReportConfig;
import io.ptlake.spark.report.ReportException;
import io.ptlake.spark.sql.AnalystQuery;
import io.ptlake.spark.sql.ResultFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ptlake demo}: the whole pipeline on the sample files, then the analyst queries, with
 * nothing but local stand-ins for S3, the Glue catalog and Athena.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the pipeline on sample-data/ into a fresh warehouse: the in-network and"
          + " allowed-amounts files and the table of contents (ingest), the NPPES and NUCC samples"
          + " (providers load); then prints the result of every query in athena-queries/ marked"
          + " '-- local: yes' and writes the price report (ptlake report, with NPI 1248172423) to"
          + " WH/report.html.",
      "Afterwards: ./ptlake sql --warehouse WH -e \"SELECT ...\" queries the same tables."
    })
public final class DemoCommand implements Callable<Integer> {
  /** Set by the launcher to the repository root, where sample-data/ and athena-queries/ are. */
  static final String HOME_PROPERTY = "ptlake.home";

  /** The price report's page, in the warehouse folder. */
  static final String REPORT_FILE = "report.html";
  /** The report's codes: enough to show the spread of the samples, few enough to be quick. */
  private static final int REPORT_CODES = 6;
  /** A provider of the samples with rates at two payers, as athena-queries/03 names it. */
  private static final long REPORT_NPI = 1248172423L;

  /** What marks a folder as one the demo made, and so as one it may wipe. */
  private static final String METASTORE_DIR = "metastore_db";

  @Spec CommandSpec spec;

  @Option(names = "--warehouse", paramLabel = "WH",
      description = "Warehouse folder, emptied first (default: demo-warehouse/ in the ptlake folder).")
  Path warehouse;

  @Option(names = "--sample-data", paramLabel = "DIR",
      description = "Input files (default: sample-data/ in the ptlake folder).")
  Path sampleData;

  @Option(names = "--queries", paramLabel = "DIR",
      description = "Analyst queries (default: athena-queries/ in the ptlake folder).")
  Path queries;

  public DemoCommand() {}

  @Override
  public Integer call() throws IOException {
    Path home = Path.of(System.getProperty(HOME_PROPERTY, "."));
    Path wh = warehouse != null ? warehouse : home.resolve("demo-warehouse");
    Path samples = sampleData != null ? sampleData : home.resolve("sample-data");
    Path queryDir = queries != null ? queries : home.resolve("athena-queries");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    resetWarehouse(wh);
    List<String> dirs;
    try (Storage storage = Storage.create(StorageProperties.defaults())) {
      // The demo reads local files only: the samples' remote provider references are recorded as
      // failed in their manifests, as they would be behind a firewall.
      dirs = new StagingArea(wh.resolve("_staging"), storage, new LocalInputSource())
          .preprocess(sampleInputs(samples), new ChunkOptions(), spec, err);
    } catch (MalformedInputException e) {
      err.println(e.getMessage());
      return PreprocessCommand.EXIT_MALFORMED_INPUT;
    }
    try (SparkOptions.CommandSession session = SparkOptions.open(spec, wh, "local[*]")) {
      SparkSession spark = session.spark();
      for (IngestReport report : IngestJob.run(spark, IngestConfig.of(dirs))) {
        err.printf("ptlake: %,d rows in %s, each source's count checked%n",
            report.writtenRows(), report.table());
      }
      ProvidersLoad providers = new ProvidersLoad(spark, IngestConfig.DEFAULT_DATABASE);
      for (ProvidersLoad.LoadReport report : List.of(
          providers.loadProviders(samples.resolve(SampleExtras.NPPES).toString()),
          providers.loadTaxonomies(samples.resolve(SampleExtras.TAXONOMIES).toString()))) {
        err.printf("ptlake: %,d rows in %s, from %s%n", report.rowsWritten(), report.table(),
            report.sourceFile());
      }
      err.flush();
      for (AnalystQuery query : AnalystQuery.loadAll(queryDir)) {
        if (query.runsLocally()) {
          out.printf("%n== %s (athena-queries/%s%s.sql)%n", query.title(),
              query.hasSparkTwin() ? AnalystQuery.SPARK_TWINS + "/" : "", query.name());
          ResultFormat.TABLE.print(spark.sql(query.sparkSql()), out);
        }
      }
      String page = ReportCommand.write(spark,
          ReportConfig.defaults().withTopCodes(REPORT_CODES).withNpi(REPORT_NPI),
          wh.resolve(REPORT_FILE).toString(), err);
      out.printf("%nWarehouse: %s%nTry: ./ptlake sql --warehouse %s -e \"SHOW CREATE TABLE"
          + " ptlake.in_network_rates\"%n", wh, wh);
      out.printf("Report: %s (open it in a browser)%n", page);
      out.flush();
      return 0;
    } catch (IngestException | ReportException e) {
      err.println("ptlake demo: " + e.getMessage());
      return 1;
    }
  }

  /**
   * The files of a sample folder, JSON plain or gzip but not the expected counts: its in-network
   * and allowed-amounts files, then the tables of contents of its {@code toc/} folder (which
   * list some of those files: they are preprocessed once, with their ToC).
   */
  static List<String> sampleInputs(Path dir) throws IOException {
    List<String> inputs = new ArrayList<>(jsonFiles(dir));
    if (inputs.isEmpty()) {
      throw new IOException("Cannot run the demo because " + dir + " holds no .json or .json.gz file");
    }
    Path tocs = dir.resolve(SampleExtras.TOC).getParent();
    if (Files.isDirectory(tocs)) {
      inputs.addAll(jsonFiles(tocs));
    }
    return inputs;
  }

  private static List<String> jsonFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(Path::toString)
          .filter(name -> name.endsWith(".json") || name.endsWith(".json.gz"))
          .filter(name -> !name.endsWith(".expected.json"))
          .sorted()
          .toList();
    }
  }

  /** A fresh warehouse each run; a non-empty folder that the demo did not make is left alone. */
  private void resetWarehouse(Path wh) throws IOException {
    if (Files.isDirectory(wh)) {
      boolean demoMade = Files.isDirectory(wh.resolve(METASTORE_DIR));
      try (Stream<Path> entries = Files.list(wh)) {
        if (!demoMade && entries.findAny().isPresent()) {
          throw new ParameterException(spec.commandLine(),
              "Cannot use " + wh + " as the demo warehouse because it is not empty and holds no"
                  + " " + METASTORE_DIR + "; give an empty or new folder");
        }
      }
      try (Stream<Path> tree = Files.walk(wh)) {
        for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(wh);
  }
}
