package io.ptlake.spark.ingest;

import io.ptlake.preprocess.ChunkKind;
import io.ptlake.spark.ingest.IngestReport.SourceReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <database>.allowed_amounts}: the allowed-amounts (out-of-network) files of an ingest,
 * exploded by {@link AllowedAmountsRows}, written in the source layout of in_network_rates
 * (partitioned by snapshot_month and source_id, {@link #BUCKETS} buckets by billing_code, each
 * file sorted by it; a task per file, sized by the target file size as {@link WriteTasks} does)
 * by the same {@link HiveTableWriter}: the same modes, reruns and recovery of a killed write.
 * Records the schema cannot read go to the rejects table; each source's rows are then reconciled
 * with its manifest's expected_rows, as for in-network files.
 */
final class AllowedAmountsTable {
  private static final Logger LOG = LoggerFactory.getLogger(AllowedAmountsTable.class);

  static final String NAME = "allowed_amounts";
  static final String BUCKET_COLUMN = "billing_code";
  /**
   * Fixed, like the normalized rates' 8, so that {@code catalog register} and the DDL know it:
   * allowed-amounts files are far smaller than in-network files, and 8 sorted bucket files per
   * source keep a one-code lookup to an eighth of a source.
   */
  static final int BUCKETS = 8;

  static final List<ChunkKind> KINDS =
      List.of(ChunkKind.ALLOWED_AMOUNTS, ChunkKind.OUT_OF_NETWORK_ITEMS);

  private final SparkSession spark;
  private final IngestConfig config;
  private final HiveTableWriter writer;

  AllowedAmountsTable(SparkSession spark, IngestConfig config) {
    this.spark = spark;
    this.config = config;
    this.writer = new HiveTableWriter(spark, table(), WrittenTables.ALLOWED_AMOUNTS, config.mode());
  }

  /** {@code database.allowed_amounts}. */
  String table() {
    return config.database() + "." + NAME;
  }

  /** Fails before anything is written when append mode would add a source twice. */
  void refuseSourcesAlreadyWritten(List<PreprocessedSource> sources) {
    writer.refuseSourcesAlreadyWritten(sources);
  }

  /**
   * Writes {@code sources} (allowed-amounts files) with the config's mode, then reconciles each
   * source's rows with its manifest and keeps the run report.
   *
   * @throws RowCountMismatchException when a source's rows differ from its manifest's by more
   *     than its rejected records explain (the run report is written first)
   */
  IngestReport write(List<PreprocessedSource> sources) {
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    LOG.info("Writing {} from {} allowed-amounts files", table(), sources.size());
    ChunkReader reader = new ChunkReader(spark);
    LongAccumulator rejectsSeen =
        spark.sparkContext().longAccumulator("ptlake rejected allowed-amounts records");
    AllowedAmountsRows rows = AllowedAmountsRows.of(
        RateExplodeJob.accepted(reader.readAll(sources, ChunkKind.ALLOWED_AMOUNTS), rejectsSeen),
        RateExplodeJob.accepted(
            reader.readAll(sources, ChunkKind.OUT_OF_NETWORK_ITEMS), rejectsSeen),
        reader.headers(sources));
    WriteTasks tasks = WriteTasks.of(sources, rows.weights(), BUCKET_COLUMN, BUCKETS,
        config.targetFileBytes());
    writer.writeDistributed(rows.distributed(tasks), sources);
    LOG.info("Wrote {} in {} s", table(), Duration.ofNanos(System.nanoTime() - start).toSeconds());

    Map<String, Long> written = new RowCountVerifier(spark).count(table(), sources);
    RejectsTable rejects = new RejectsTable(spark, config.database(), KINDS);
    rejects.clear(sources, config.mode() == WriteMode.OVERWRITE);
    Map<String, long[]> rejected = Map.of();
    Map<String, Long> countable = Map.of();
    if (rejectsSeen.value() > 0) {
      Dataset<Row> all = null;
      for (ChunkKind kind : KINDS) {
        Dataset<Row> ofKind = RejectsTable.rows(reader.readAll(sources, kind), kind);
        all = all == null ? ofKind : all.unionByName(ofKind);
      }
      rejects.append(all);
      rejected = rejects.counts(sources);
      countable = rowsOfReadableRecords(reader, sources, rejected);
      LOG.info("Rejected allowed-amounts records went to {}", rejects.name());
    }
    List<SourceReport> reports = RateExplodeJob.reports(sources, written, rejected, countable);
    IngestReport report = new IngestReport(table(), config.mode(), startedAt, reports,
        Duration.ofNanos(System.nanoTime() - start));
    RateExplodeJob.writeRunReport(spark, spark.sessionState().newHadoopConf(), report);
    RowCountVerifier.verify(table(), reports);
    return report;
  }

  /**
   * Rows the sources with rejects give when their readable records (rejected ones included, as if
   * their values were valid) are exploded; only those sources are read again.
   */
  private static Map<String, Long> rowsOfReadableRecords(ChunkReader reader,
      List<PreprocessedSource> sources, Map<String, long[]> rejected) {
    Map<String, Long> counts = new HashMap<>();
    List<PreprocessedSource> again = new ArrayList<>(sources);
    again.removeIf(source -> !rejected.containsKey(source.key()));
    if (!again.isEmpty()) {
      AllowedAmountsRows.of(
              RateExplodeJob.readable(reader.readAll(again, ChunkKind.ALLOWED_AMOUNTS)),
              RateExplodeJob.readable(reader.readAll(again, ChunkKind.OUT_OF_NETWORK_ITEMS)),
              reader.headers(again))
          .rows().groupBy(SourceKeys.column()).count().collectAsList()
          .forEach(row -> counts.put(row.getString(0), row.getLong(1)));
    }
    return counts;
  }
}
