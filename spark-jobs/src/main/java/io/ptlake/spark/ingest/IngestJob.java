package io.ptlake.spark.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest of whatever the DIR arguments hold ({@link IngestInputs}): in-network files into
 * in_network_rates and the normalized tables ({@link RateExplodeJob}), allowed-amounts files into
 * allowed_amounts ({@link AllowedAmountsTable}), tables of contents and plan headers into plans
 * and plan_files ({@link PlanTables}). Every refusal (a source twice, no snapshot month, append
 * meeting a loaded source) is made before any table is written; a row-count mismatch of one table
 * does not stop the others, and is thrown once all are written and reconciled.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private IngestJob() {}

  /**
   * @return one run report per table written, in_network_rates first
   * @throws RowCountMismatchException after every table is written, when one of them does not
   *     reconcile with its manifests
   * @throws IngestException as {@link RateExplodeJob#run}, before anything is written
   */
  public static List<IngestReport> run(SparkSession spark, IngestConfig config) {
    Configuration hadoopConf = spark.sessionState().newHadoopConf();
    IngestInputs inputs = IngestInputs.expand(config.sourceDirs(), hadoopConf);
    List<PreprocessedSource> inNetwork = inputs.sources(true);
    List<PreprocessedSource> allowed = inputs.sources(false);
    RateExplodeJob.refuseDuplicateSources(allowed);
    refuseDuplicateTocs(inputs.tocs());
    refuseWithoutSnapshotMonth(inputs);
    AllowedAmountsTable allowedAmounts = new AllowedAmountsTable(spark, config);
    // Header plans are normalized rows of the files, as the normalized tables are.
    PlanTables plans = new PlanTables(spark, config, inputs.tocs(), inputs.sources(),
        config.normalized());
    if (inNetwork.isEmpty() && allowed.isEmpty() && plans.isEmpty()) {
      throw new IngestException("Cannot ingest " + config.sourceDirs() + " because they hold no"
          + " preprocessed file and no table of contents");
    }
    if (!allowed.isEmpty()) {
      allowedAmounts.refuseSourcesAlreadyWritten(allowed);
    }
    if (!plans.isEmpty()) {
      plans.refuseSourcesAlreadyWritten();
    }

    List<IngestReport> reports = new ArrayList<>();
    List<RowCountMismatchException> mismatches = new ArrayList<>();
    if (!inNetwork.isEmpty()) {
      run(mismatches, () -> reports.add(RateExplodeJob.run(spark, config.withSourceDirs(
          inNetwork.stream().map(source -> source.dir().toString()).toList()))));
    }
    if (!allowed.isEmpty()) {
      run(mismatches, () -> reports.add(allowedAmounts.write(allowed)));
    }
    if (!plans.isEmpty()) {
      Map<String, PreprocessedSource> byDir = new HashMap<>();
      inputs.sources().forEach(source -> byDir.put(source.dir().toString(), source));
      run(mismatches, () -> reports.addAll(plans.write(byDir)));
    }
    if (!mismatches.isEmpty()) {
      throw mismatches.size() == 1 ? mismatches.get(0) : new RowCountMismatchException(
          String.join("; ", mismatches.stream().map(Throwable::getMessage).toList()));
    }
    return reports;
  }

  /** Runs one table's write; its row-count mismatch is kept for the end, the others go on. */
  private static void run(List<RowCountMismatchException> mismatches, Runnable write) {
    try {
      write.run();
    } catch (RowCountMismatchException e) {
      LOG.error("{}", e.getMessage());
      mismatches.add(e);
    }
  }

  /** As for files: one ToC given twice for one month would double its plans. */
  private static void refuseDuplicateTocs(List<TocSource> tocs) {
    Map<String, TocSource> seen = new LinkedHashMap<>();
    for (TocSource toc : tocs) {
      String key = toc.snapshotMonth() + "/" + toc.sourceId();
      TocSource first = seen.putIfAbsent(key, toc);
      if (first != null) {
        throw new IngestException("Cannot ingest the table of contents " + toc.sourceFile()
            + " twice for snapshot month " + toc.snapshotMonth() + ": both "
            + first.manifestPath() + " and " + toc.manifestPath() + " hold it");
      }
    }
  }

  /** The in-network job checks its own files; the others' months are checked here. */
  private static void refuseWithoutSnapshotMonth(IngestInputs inputs) {
    List<String> without = new ArrayList<>();
    inputs.sources(false).stream().filter(source -> source.snapshotMonth() == null)
        .forEach(source -> without.add(source.sourceFile() + " (" + source.dir() + ")"));
    inputs.tocs().stream().filter(toc -> toc.snapshotMonth() == null)
        .forEach(toc -> without.add(toc.sourceFile() + " (" + toc.manifestPath() + ")"));
    if (!without.isEmpty()) {
      throw new IngestException("Cannot ingest " + without + " because the snapshot month comes"
          + " from the header's last_updated_on (YYYY-MM-DD), and it is missing or not a date");
    }
  }
}
