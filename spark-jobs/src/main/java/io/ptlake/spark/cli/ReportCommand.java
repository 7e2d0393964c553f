package io.ptlake.spark.cli;

import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.TableFormat;
import io.ptlake.spark.report.PriceReport;
import io.ptlake.spark.report.ReportConfig;
import io.ptlake.spark.report.ReportData;
import io.ptlake.spark.report.ReportException;
import io.ptlake.spark.report.ReportFile;
import io.ptlake.spark.report.ReportPage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ptlake report}: the price report, one self-contained HTML page. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a self-contained HTML page (no network: styles and SVG charts inline) of the"
          + " warehouse's rates: load health per source and month, each code's distribution"
          + " across the market and each payer (exact percentiles), its histogram and outliers,"
          + " and with --npi one provider against the market. Names and places of NPIs come"
          + " from a providers table (NPPES) when the database has one.",
      "The numbers come from the SQL files of athena-queries/report/, run as they are; the"
          + " page lists each with its parameters, to rerun in Athena. Progress goes to stderr;"
          + " the page's path to stdout."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the page was written",
      "1:no such warehouse or table, a query failed, or the page could not be written",
      "2:invalid options"
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkOptions sparkOptions;

  @Option(names = "--out", paramLabel = "FILE", required = true,
      description = "The HTML file to write (replaced whole), or a URI such as s3a://b/k.html.")
  String out;

  @Option(names = "--database", defaultValue = IngestConfig.DEFAULT_DATABASE,
      description = "Database of the tables (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(names = "--table", defaultValue = IngestConfig.DEFAULT_TABLE,
      description = "The rates table (default: ${DEFAULT-VALUE}).")
  String table;

  @Option(names = "--table-format", defaultValue = "hive",
      converter = TableOptions.TableFormatConverter.class,
      description = "How the ingest wrote the rates table: hive, or iceberg"
          + " (iceberg.<database>.<table>) (default: ${DEFAULT-VALUE}).")
  TableFormat format;

  @Option(names = "--code", paramLabel = "CODE", split = ",",
      description = "Billing codes to show, in this order (repeat or separate with commas;"
          + " default: the --top codes with the most rows).")
  List<String> codes = List.of();

  @Option(names = "--top", paramLabel = "N", defaultValue = "" + ReportConfig.DEFAULT_TOP_CODES,
      description = "How many codes to show when none is named (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--npi", paramLabel = "NPI",
      description = "A provider to set against the market, code by code.")
  Long npi;

  @Option(names = "--month", paramLabel = "YYYY-MM",
      description = "One snapshot month (default: every month of the table, read together).")
  String month;

  public ReportCommand() {}

  @Override
  public Integer call() throws IOException {
    ReportConfig config = config();
    PrintWriter err = spec.commandLine().getErr();
    if (sparkOptions.warehouse != null && !Files.isDirectory(sparkOptions.warehouse)) {
      err.println("ptlake report: Cannot report because the warehouse " + sparkOptions.warehouse
          + " does not exist; give the folder an ingest wrote");
      err.flush();
      return 1;
    }
    try (SparkOptions.CommandSession session = sparkOptions.open(spec)) {
      String written = write(session.spark(), config, out, err);
      spec.commandLine().getOut().println(written);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ReportException e) {
      err.println("ptlake report: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** Gathers, renders and writes the page; says how long it took on {@code err}. */
  static String write(SparkSession spark, ReportConfig config, String out, PrintWriter err)
      throws IOException {
    long start = System.nanoTime();
    ReportData data = PriceReport.gather(spark, config, err);
    String page = ReportPage.render(data);
    String written = ReportFile.write(page, out, spark.sessionState().newHadoopConf());
    err.printf("ptlake report: %s (%,d bytes, %d queries) in %.1f s%n", written,
        page.getBytes(StandardCharsets.UTF_8).length, data.queries().size(),
        (System.nanoTime() - start) / 1e9);
    err.flush();
    return written;
  }

  private ReportConfig config() {
    try {
      return ReportConfig.defaults().withTable(database, table, format).withCodes(codes)
          .withNpi(npi).withMonth(month).withTopCodes(top);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
