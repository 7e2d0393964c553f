package io.ptlake.spark.cli;

import io.ptlake.spark.ingest.IngestException;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.IngestReport;
import io.ptlake.spark.ingest.IngestJob;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ptlake ingest}: preprocessed directories into the rates table, row counts checked. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Explodes preprocessed directories into the rates table (Parquet, partitioned by"
          + " snapshot_month and source_id, bucketed and sorted by billing_code; or with"
          + " --layout billing_code by snapshot_month and billing_code, bucketed by npi), sends"
          + " records that"
          + " cannot be read to the rejects table, then reconciles each source's row count with"
          + " its manifest. Also writes the normalized tables rates, provider_groups,"
          + " in_network_items and files unless --no-normalized. Allowed-amounts directories go"
          + " to allowed_amounts; a table of contents (the output folder of preprocess TOC) to"
          + " plans and plan_files, with the files it lists; a preprocess-many PREFIX to the"
          + " tables of the files of its latest run (and of its ToC). The plans that in-network"
          + " and allowed-amounts file headers name go to plans too, unless --no-normalized.",
      "Prints one run report (JSON) per table on stdout, in_network_rates first, and keeps each"
          + " as WH/_runs/<time>-<table>.json."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:a directory is not a complete preprocess output or has no snapshot month, append met a"
          + " source already in the table, or row counts differ by more than rejected records"
          + " explain",
      "2:invalid options"
    })
public final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR",
      description = "Preprocess output directories, preprocess TOC output folders or"
          + " preprocess-many PREFIXes (local paths or s3a:// URIs).")
  List<String> dirs;

  @Mixin SparkOptions sparkOptions;
  @Mixin TableOptions tableOptions;

  public IngestCommand() {}

  @Override
  public Integer call() {
    return ingest(spec, sparkOptions, tableOptions.config(dirs, spec));
  }

  /**
   * Runs the ingest and prints the report on stdout; a refusal or a row
   * count mismatch is one line on stderr, since its message says everything.
   */
  static int ingest(CommandSpec spec, SparkOptions sparkOptions, IngestConfig config) {
    try (SparkOptions.CommandSession session = sparkOptions.open(spec)) {
      PrintWriter out = spec.commandLine().getOut();
      for (IngestReport report : IngestJob.run(session.spark(), config)) {
        out.println(report.toJson());
      }
      out.flush();
      return 0;
    } catch (IngestException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("ptlake " + spec.name() + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
