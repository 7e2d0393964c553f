package io.ptlake.spark.report;

import io.ptlake.spark.ingest.TableFormat;
import io.ptlake.spark.report.ReportData.CodeReport;
import io.ptlake.spark.report.ReportData.LoadHealth;
import io.ptlake.spark.report.ReportData.ProviderReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import scala.Option;

/**
 * Gathers a price report: runs the queries of athena-queries/report/ on the warehouse's tables,
 * reads the run reports and lists the table's files. Every query aggregates in Spark; only
 * their results (a few hundred rows at most) reach the driver, whatever the table's size.
 */
public final class PriceReport {
  /** Columns of the NPPES table that {@link ReportSql#PROVIDER_NAMES} reads. */
  static final List<String> PROVIDER_COLUMNS =
      List.of("npi", "entity_type", "name", "credential", "city", "state");

  private final SparkSession spark;
  private final ReportConfig config;
  private final TableNames tables;
  private final QueryRunner runner;

  private PriceReport(SparkSession spark, ReportConfig config, PrintWriter progress) {
    this.spark = spark;
    this.config = config;
    this.tables = TableNames.of(config);
    this.runner = new QueryRunner(spark, tables, progress);
  }

  /**
   * @throws ReportException when the catalog has no rates table of that name, or a query fails
   *     on the tables it has
   */
  public static ReportData gather(SparkSession spark, ReportConfig config, PrintWriter progress) {
    return new PriceReport(spark, config, progress).gather();
  }

  private ReportData gather() {
    long start = System.nanoTime();
    Instant generatedAt = Instant.now();
    if (!spark.catalog().tableExists(tables.rates())) {
      throw new ReportException("Cannot report on " + tables.rates() + " because the catalog has"
          + " no such table; ingest into the warehouse first, or name its --database and --table");
    }
    boolean files = spark.catalog().tableExists(tables.files());
    boolean rejects = spark.catalog().tableExists(tables.rejects());
    String providersNote = providersNote();
    int perCode = 3;
    runner.plan(1 + (files ? 1 : 0) + (rejects ? 1 : 0)
        + (config.codes().isEmpty() ? 1 + perCode * config.topCodes()
            : perCode * config.codes().size())
        + (config.npi() != null ? 1 : 0) + (providersNote == null ? 1 : 0));
    try {
      LoadHealth load = loadHealth(files, rejects);
      List<String> codes = config.codes().isEmpty() ? topCodes() : config.codes();
      runner.plan(runner.results().size() + perCode * codes.size()
          + (config.npi() != null ? 1 : 0) + (providersNote == null ? 1 : 0));
      List<CodeReport> codeReports = new ArrayList<>();
      for (String code : codes) {
        String subject = "billing_code " + code;
        codeReports.add(new CodeReport(code,
            runner.run(ReportSql.CODE_DISTRIBUTION, subject, code, from(), to()),
            runner.run(ReportSql.CODE_HISTOGRAM, subject, code, from(), to()),
            runner.run(ReportSql.CODE_OUTLIERS, subject, code, from(), to(),
                config.maxOutliers())));
      }
      ProviderReport provider = config.npi() == null ? null : new ProviderReport(config.npi(),
          runner.run(ReportSql.PROVIDER_VS_MARKET, "npi " + config.npi(), config.npi(), from(),
              to(), config.providerRows(), config.npi(), from(), to()));
      ProviderNames names = providersNote != null ? ProviderNames.bare(providersNote)
          : names(npisShown(codeReports));
      return new ReportData(config, tables, generatedAt, (System.nanoTime() - start) / 1_000_000,
          load, codeReports, provider, names, runner.results());
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        throw new ReportException("Cannot report on " + tables.rates() + " because a query"
            + " failed on the catalog's tables: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private LoadHealth loadHealth(boolean files, boolean rejects) {
    QueryResult rows = runner.run(ReportSql.ROWS_BY_SOURCE, "", from(), to());
    QueryResult fileRows = files ? runner.run(ReportSql.FILES_BY_SOURCE, "", from(), to()) : null;
    QueryResult rejected =
        rejects ? runner.run(ReportSql.REJECTS_BY_SOURCE, "", from(), to()) : null;
    Configuration conf = spark.sessionState().newHadoopConf();
    Map<String, RunReports.SourceRun> runs =
        RunReports.latest(spark.conf().get("spark.sql.warehouse.dir"), tables.rates(), conf);
    Map<String, DataFiles.Stats> dataFiles = config.format() == TableFormat.ICEBERG
        ? Map.of() : DataFiles.list(location(tables.rates()), conf);
    return new LoadHealth(rows, fileRows, rejected, runs, dataFiles);
  }

  private List<String> topCodes() {
    QueryResult top = runner.run(ReportSql.TOP_CODES, "", from(), to(), config.topCodes());
    List<String> codes = new ArrayList<>();
    for (int row = 0; row < top.size(); row++) {
      codes.add(top.text(row, "billing_code"));
    }
    return codes;
  }

  /** The NPIs the page names: each outlier's first NPI and the provider's. */
  private Set<Long> npisShown(List<CodeReport> codes) {
    Set<Long> npis = new TreeSet<>();
    for (CodeReport code : codes) {
      for (int row = 0; row < code.outliers().size(); row++) {
        Object npi = code.outliers().value(row, "first_npi");
        if (npi != null) {
          npis.add(((Number) npi).longValue());
        }
      }
    }
    if (config.npi() != null) {
      npis.add(config.npi());
    }
    return npis;
  }

  /** One lookup for all of them: {@code IN (?)} widened to one marker per NPI. */
  private ProviderNames names(Set<Long> npis) {
    if (npis.isEmpty()) {
      return ProviderNames.bare(null);
    }
    String statement = ReportSql.PROVIDER_NAMES.statement().replace("IN (?)",
        "IN (" + String.join(", ", Collections.nCopies(npis.size(), "?")) + ")");
    return ProviderNames.of(runner.runStatement(ReportSql.PROVIDER_NAMES,
        npis.size() + " NPIs", statement, npis.toArray()));
  }

  /**
   * Why the NPPES names cannot be used, or null when they can: the table must exist and have the
   * columns the lookup reads.
   */
  private String providersNote() {
    if (!spark.catalog().tableExists(tables.providers())) {
      return "No " + tables.providers() + " table (NPPES) in the catalog: NPIs are shown bare.";
    }
    List<String> columns = List.of(spark.table(tables.providers()).columns());
    List<String> missing =
        PROVIDER_COLUMNS.stream().filter(column -> !columns.contains(column)).toList();
    return missing.isEmpty() ? null : tables.providers() + " lacks the columns " + missing
        + " that " + ReportSql.PROVIDER_NAMES.path() + " reads: NPIs are shown bare.";
  }

  private String location(String table) {
    String[] parts = table.split("\\.", 2);
    try {
      return spark.sessionState().catalog()
          .getTableMetadata(new TableIdentifier(parts[1], Option.apply(parts[0])))
          .location().toString();
    } catch (AnalysisException e) {
      throw new ReportException("Cannot list the files of " + table + ": " + e.getMessage(), e);
    }
  }

  private String from() {
    return config.monthFrom();
  }

  private String to() {
    return config.monthTo();
  }
}
