package io.ptlake.spark.report;

import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.SampleDataSet;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.RateExplodeJob;
import io.ptlake.spark.ingest.TableFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The sample files of sample-data/ ingested once per JVM into their own database, and the report
 * on them that several test classes read: gathering runs a dozen Spark jobs.
 */
final class ReportFixture {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final String DATABASE = "report_it";
  /** A provider of the sample files with rates for many codes at two payers. */
  static final long NPI = 1248172423L;
  /** Codes of the report the tests share: a few, to keep the suite quick. */
  static final int TOP_CODES = 3;

  private static boolean loaded;
  private static ReportData data;
  private static String page;

  private ReportFixture() {}

  static synchronized SparkSession spark() {
    SparkSession spark = SharedSpark.session();
    if (!loaded) {
      try {
        Path staging = Files.createTempDirectory(SharedSpark.warehouse(), "report-staging-");
        List<String> dirs = new ArrayList<>();
        for (SampleDataSet sample : SampleDataSet.values()) {
          Path out = staging.resolve(sample.name());
          new Preprocessor(PreprocessConfig.builder(sampleFile(sample).toString(), out).build())
              .run();
          dirs.add(out.toString());
        }
        RateExplodeJob.run(spark, IngestConfig.of(dirs).withTable(DATABASE, "in_network_rates"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      loaded = true;
    }
    return spark;
  }

  static ReportConfig config() {
    return ReportConfig.defaults()
        .withTable(DATABASE, IngestConfig.DEFAULT_TABLE, TableFormat.HIVE)
        .withTopCodes(TOP_CODES)
        .withNpi(NPI);
  }

  /** The report of {@link #config()} on the sample files, without a providers table. */
  static synchronized ReportData data() {
    if (data == null) {
      data = gather(config());
    }
    return data;
  }

  static synchronized String page() {
    if (page == null) {
      page = ReportPage.render(data());
    }
    return page;
  }

  static ReportData gather(ReportConfig config) {
    StringWriter progress = new StringWriter();
    return PriceReport.gather(spark(), config, new PrintWriter(progress, true));
  }

  /** A report query's file as the repository holds it. */
  static String read(ReportSql query) {
    try {
      return Files.readString(ROOT.resolve(query.path()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path sampleFile(SampleDataSet sample) {
    return ROOT.resolve("sample-data").resolve(sample.fileName());
  }

  static ExpectedCounts expectedCounts(SampleDataSet sample) {
    try {
      return ExpectedCounts.fromJson(
          Files.readString(ExpectedCounts.sidecarOf(sampleFile(sample))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
