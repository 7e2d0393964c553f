package io.ptlake.spark.cli;

import io.ptlake.spark.compact.CompactConfig;
import io.ptlake.spark.compact.CompactException;
import io.ptlake.spark.compact.CompactJob;
import io.ptlake.spark.compact.CompactReport;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.TableFormat;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ptlake compact}: merges the small files of a table's partitions to the target size. */
@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = {
      "Merges the small files that loads leave in each partition into files near the target"
          + " size, keeping Spark's bucket files and each file's sort order. Plans from a file"
          + " listing: partitions with more than one file per bucket (or, without buckets, more"
          + " files than their bytes need) are rewritten, the others left alone. Crash-safe: a run"
          + " that fails before its commit leaves the table as it was.",
      "Prints a JSON report on stdout and one line per table on stderr."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done (also when there was nothing to compact)",
      "1:no such warehouse or table, or the rewrite failed",
      "2:invalid options"
    })
public final class CompactCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkOptions sparkOptions;

  @Option(names = "--database", defaultValue = IngestConfig.DEFAULT_DATABASE,
      description = "Database of the table (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(names = "--table", defaultValue = IngestConfig.DEFAULT_TABLE,
      description = "Table to compact, or 'all': in_network_rates, the normalized tables rates,"
          + " in_network_items and files, and allowed_amounts, plans and plan_files, those"
          + " present (default: ${DEFAULT-VALUE}).")
  String table;

  @Option(names = "--month", paramLabel = "YYYY-MM", arity = "1..*",
      description = "Snapshot months to compact (default: every month).")
  List<String> months = List.of();

  @Option(names = "--target-file-size", paramLabel = "SIZE",
      defaultValue = IngestConfig.DEFAULT_TARGET_FILE_SIZE_OPTION,
      converter = ByteSizeConverter.class,
      description = "Size a compacted file is cut at: bytes, or with k, m or g"
          + " (default: ${DEFAULT-VALUE}).")
  long targetFileBytes;

  @Option(names = "--dry-run",
      description = "Plan and report only; write nothing.")
  boolean dryRun;

  @Option(names = "--table-format", defaultValue = IngestConfig.DEFAULT_FORMAT_OPTION,
      converter = TableOptions.TableFormatConverter.class,
      description = "The format the ingest wrote in_network_rates in: hive, or iceberg (compacted"
          + " with Iceberg's rewrite_data_files, sorted by the table's sort order); the"
          + " normalized tables are hive (default: ${DEFAULT-VALUE}).")
  TableFormat format;

  public CompactCommand() {}

  @Override
  public Integer call() {
    CompactConfig config = config();
    PrintWriter err = spec.commandLine().getErr();
    if (sparkOptions.warehouse != null && !Files.isDirectory(sparkOptions.warehouse)) {
      err.println("ptlake compact: Cannot compact because the warehouse " + sparkOptions.warehouse
          + " does not exist; give the folder an ingest wrote");
      err.flush();
      return 1;
    }
    try (SparkOptions.CommandSession session = sparkOptions.open(spec)) {
      CompactReport report = CompactJob.run(session.spark(), config);
      report.tables().forEach(table -> err.println("ptlake compact: " + table.summary(dryRun)));
      err.flush();
      PrintWriter out = spec.commandLine().getOut();
      out.println(report.toJson());
      out.flush();
      return 0;
    } catch (CompactException e) {
      err.println("ptlake compact: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private CompactConfig config() {
    try {
      return new CompactConfig(database, table, months, targetFileBytes, dryRun, format);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
