package io.ptlake.spark.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.IngestException;
import io.ptlake.spark.providers.ProvidersLoad;
import io.ptlake.spark.providers.ProvidersLoad.LoadReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ptlake providers}: the NPPES NPI registry and the NUCC taxonomy beside the prices. */
@Command(
    name = "providers",
    mixinStandardHelpOptions = true,
    description = "Loads who providers are (NPPES) beside what they are paid.",
    subcommands = {ProvidersCommand.Load.class})
public final class ProvidersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  public ProvidersCommand() {}

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code ptlake providers load}. */
  @Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description = {
        "Loads the NPPES full replacement monthly NPI file (CSV, gzip, or CMS's monthly ZIP; a"
            + " local path or s3a:// URI) into <database>.providers: npi, entity_type, name,"
            + " credential, city, state, zip5, primary_taxonomy_code, taxonomy_codes,"
            + " deactivation_date, reactivation_date; and with --taxonomies the NUCC taxonomy code"
            + " set (CSV) into <database>.taxonomies. Each load replaces its table whole; readers"
            + " see the old table or the new one. See docs/providers.md.",
        "Prints one report (JSON) per table on stdout."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:done",
        "1:a file cannot be read, lacks a needed column, or the rows written differ from the rows"
            + " read",
        "2:invalid options"
      })
  public static final class Load implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NPPES_FILE",
        description = "The NPPES npidata_pfile CSV, its gzip, or the monthly ZIP.")
    String nppes;

    @Option(names = "--taxonomies", paramLabel = "NUCC_CSV",
        description = "The NUCC taxonomy code set (CSV with Code, Grouping, Classification,"
            + " Specialization), loaded into <database>.taxonomies.")
    String taxonomies;

    @Option(names = "--database", defaultValue = IngestConfig.DEFAULT_DATABASE,
        description = "Database of the tables (default: ${DEFAULT-VALUE}).")
    String database = IngestConfig.DEFAULT_DATABASE;

    @Mixin SparkOptions sparkOptions;

    public Load() {}

    @Override
    public Integer call() {
      if (!IngestConfig.isIdentifier(database)) {
        throw new ParameterException(spec.commandLine(), "Invalid --database '" + database
            + "': expected lower-case letters, digits and underscores, not starting with a digit");
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (SparkOptions.CommandSession session = sparkOptions.open(spec)) {
        ProvidersLoad load = new ProvidersLoad(session.spark(), database);
        List<LoadReport> reports = new ArrayList<>();
        reports.add(load.loadProviders(nppes));
        if (taxonomies != null) {
          reports.add(load.loadTaxonomies(taxonomies));
        }
        for (LoadReport report : reports) {
          out.println(toJson(report));
          err.printf("ptlake: %,d rows of %s in %s (%,d left out without a key)%n",
              report.rowsWritten(), report.sourceFile(), report.table(), report.rowsWithoutKey());
        }
        out.flush();
        return 0;
      } catch (IngestException | UncheckedIOException e) {
        err.println("ptlake providers load: " + e.getMessage());
        return 1;
      } finally {
        err.flush();
      }
    }
  }

  /** A load's report as JSON, as the ingest's run reports are. */
  static String toJson(LoadReport report) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(text).useDefaultPrettyPrinter()) {
      json.writeStartObject();
      json.writeStringField("table", report.table());
      json.writeStringField("source_file", report.sourceFile());
      json.writeStringField("location", report.location());
      json.writeNumberField("rows_read", report.rowsRead());
      json.writeNumberField("rows_written", report.rowsWritten());
      json.writeNumberField("rows_without_key", report.rowsWithoutKey());
      for (Map.Entry<String, Long> count : report.counts().entrySet()) {
        json.writeNumberField(count.getKey(), count.getValue());
      }
      double seconds = report.elapsed().toMillis() / 1000.0;
      json.writeNumberField("elapsed_seconds", seconds);
      json.writeNumberField("rows_per_second",
          (long) (report.rowsRead() / Math.max(0.001, seconds)));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render the load report", e);
    }
    return text.toString();
  }
}
