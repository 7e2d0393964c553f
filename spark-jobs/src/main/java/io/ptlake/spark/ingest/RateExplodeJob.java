package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.ptlake.preprocess.ChunkKind;
import io.ptlake.spark.ingest.IngestReport.SourceReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preprocessed directories to the rates table: read the chunk sets, explode them by the
 * contract's row rules, write the table, route unreadable or ill-typed records to the rejects
 * table, then reconcile each source's rows with its manifest and keep the run report.
 */
public final class RateExplodeJob {
  private static final Logger LOG = LoggerFactory.getLogger(RateExplodeJob.class);

  /** Folder of the run reports, under the warehouse. */
  public static final String RUNS_DIR = "_runs";

  private static final DateTimeFormatter RUN_NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private RateExplodeJob() {}

  /**
   * @throws RowCountMismatchException when a source's rows differ from its manifest's by more than
   *     its rejected records explain (the run report is written first)
   * @throws IngestException when a directory is not a complete preprocess output, two directories
   *     hold the same source for the same month, a source has no snapshot month, or append mode
   *     meets a source already written
   */
  public static IngestReport run(SparkSession spark, IngestConfig config) {
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    // The session's Hadoop configuration, so s3a credentials and endpoints set for the job apply.
    Configuration hadoopConf = spark.sessionState().newHadoopConf();
    List<PreprocessedSource> sources = config.sourceDirs().stream()
        .map(dir -> PreprocessedSource.load(dir, hadoopConf))
        .toList();
    refuseDuplicateSources(sources);
    refuseSourcesWithoutSnapshotMonth(sources);

    RatesTableWriter writer = RatesTableWriter.of(spark, config);
    writer.refuseSourcesAlreadyWritten(sources);
    NormalizedTables normalized = config.normalized() ? new NormalizedTables(spark, config) : null;
    if (normalized != null) {
      normalized.refuseOtherLayouts();
    }
    LOG.info("Writing {} from {} source files", writer.table(), sources.size());
    long writeStart = System.nanoTime();
    ChunkReader reader = new ChunkReader(spark);
    LongAccumulator rejectsSeen = spark.sparkContext().longAccumulator("ptlake rejected records");
    Dataset<Row> items = accepted(reader.readAll(sources, ChunkKind.ITEMS), rejectsSeen);
    RateRows rows = RateRows.of(
        accepted(reader.readAll(sources, ChunkKind.RATES), rejectsSeen),
        accepted(reader.readAll(sources, ChunkKind.PROVIDER_REFERENCES), rejectsSeen),
        items, reader.headers(sources));
    writer.write(rows, sources, items.select("billing_code").as(Encoders.STRING()));
    LOG.info("Wrote {} in {} s", writer.table(), since(writeStart));
    if (normalized != null) {
      long normalizedStart = System.nanoTime();
      normalized.write(sources, reader, writer.writesNormalizedRates());
      LOG.info("Wrote the normalized tables in {} s", since(normalizedStart));
    }
    LOG.info("Checking row counts");

    long checkStart = System.nanoTime();
    Map<String, Long> written = writer.count(sources);
    RejectsTable rejects = new RejectsTable(spark, config.database());
    rejects.clear(sources, config.mode() == WriteMode.OVERWRITE);
    Map<String, long[]> rejected = Map.of();
    Map<String, Long> countable = Map.of();
    // Counted while the table was written: the rejects pass reads the chunks again, so it runs
    // only when there is something to find.
    if (rejectsSeen.value() > 0) {
      rejected = writeRejects(reader, sources, rejects);
      countable = rowsOfReadableRecords(reader, sources, rejected);
      LOG.info("Rejected records went to {}", rejects.name());
    }
    List<SourceReport> reports = reports(sources, written, rejected, countable);
    IngestReport report = new IngestReport(writer.table(), config.mode(), startedAt,
        reports, Duration.ofNanos(System.nanoTime() - start));
    writeRunReport(spark, hadoopConf, report);
    RowCountVerifier.verify(writer.table(), reports);
    LOG.info("Row counts reconciled with the manifests ({} s)", since(checkStart));
    return report;
  }

  /** The table's rows for {@code sources}, not yet written; rejected records left out. */
  static Dataset<Row> rows(SparkSession spark, List<PreprocessedSource> sources) {
    ChunkReader reader = new ChunkReader(spark);
    return RateRows.of(
        ChunkReader.accepted(reader.readAll(sources, ChunkKind.RATES)),
        ChunkReader.accepted(reader.readAll(sources, ChunkKind.PROVIDER_REFERENCES)),
        ChunkReader.accepted(reader.readAll(sources, ChunkKind.ITEMS)),
        reader.headers(sources)).rows();
  }

  /** Accepted records; counts the rejected ones in {@code seen} as a side effect, never twice a row. */
  static Dataset<Row> accepted(Dataset<Row> checked, LongAccumulator seen) {
    UserDefinedFunction count = udf((UDF1<String, Boolean>) reason -> {
      seen.add(1);
      return false;
    }, DataTypes.BooleanType).asNondeterministic();
    // Or evaluates its right side only for rejected records: nothing is called for the others.
    return ChunkReader.accepted(checked.where(
        col(ChunkReader.REJECT_REASON).isNull().or(count.apply(col(ChunkReader.REJECT_REASON)))));
  }

  private static Map<String, long[]> writeRejects(
      ChunkReader reader, List<PreprocessedSource> sources, RejectsTable rejects) {
    Dataset<Row> all = RejectsTable.rows(reader.readAll(sources, ChunkKind.RATES), ChunkKind.RATES)
        .unionByName(RejectsTable.rows(
            reader.readAll(sources, ChunkKind.PROVIDER_REFERENCES), ChunkKind.PROVIDER_REFERENCES))
        .unionByName(RejectsTable.rows(reader.readAll(sources, ChunkKind.ITEMS), ChunkKind.ITEMS));
    rejects.append(all);
    return rejects.counts(sources);
  }

  /**
   * Rows the sources with rejects make when their readable records (rejected ones included, as if
   * their values were valid) are exploded: what the manifest should count unless a record is
   * unreadable.
   */
  private static Map<String, Long> rowsOfReadableRecords(
      ChunkReader reader, List<PreprocessedSource> sources, Map<String, long[]> rejected) {
    List<PreprocessedSource> withRejects =
        sources.stream().filter(source -> rejected.containsKey(source.key())).toList();
    if (withRejects.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> counts = new HashMap<>();
    RateRows.of(
            readable(reader.readAll(withRejects, ChunkKind.RATES)),
            readable(reader.readAll(withRejects, ChunkKind.PROVIDER_REFERENCES)),
            readable(reader.readAll(withRejects, ChunkKind.ITEMS)),
            reader.headers(withRejects))
        .rows()
        .groupBy(SourceKeys.column())
        .count()
        .collectAsList()
        .forEach(row -> counts.put(row.getString(0), row.getLong(1)));
    return counts;
  }

  /** Records a lenient read can explode: accepted, or rejected for a value, not unreadable. */
  static Dataset<Row> readable(Dataset<Row> checked) {
    return checked
        .where(col(ChunkReader.REJECT_REASON).isNull()
            .or(col(ChunkReader.REJECT_REASON).notEqual(ChunkReader.UNREADABLE)))
        .drop(ChunkReader.REJECT_REASON, ChunkReader.RECORD_TEXT, ChunkReader.CHUNK);
  }

  static List<SourceReport> reports(List<PreprocessedSource> sources,
      Map<String, Long> written, Map<String, long[]> rejected, Map<String, Long> countable) {
    return sources.stream().map(source -> {
      long writtenRows = written.get(source.key());
      long[] rejects = rejected.getOrDefault(source.key(), new long[2]);
      long rowsOfRejected = rejects[0] == 0
          ? 0 : countable.getOrDefault(source.key(), 0L) - writtenRows;
      return new SourceReport(source.sourceFile(), source.sourceId(), source.snapshotMonth(),
          source.manifest().expectedRows(), writtenRows, source.undefinedReferenceIds(),
          rejects[0], rejects[1], rowsOfRejected, source.manifest().counts());
    }).toList();
  }

  /** {@code <warehouse>/_runs/<started_at>-<table>.json}; a failure to write it is logged only. */
  static void writeRunReport(
      SparkSession spark, Configuration hadoopConf, IngestReport report) {
    Path dir = new Path(spark.conf().get("spark.sql.warehouse.dir"), RUNS_DIR);
    Path file = new Path(dir, RUN_NAME.format(report.startedAt()) + "-" + report.table() + ".json");
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      try (OutputStream out = fs.create(file, false)) {
        out.write(report.toJson().getBytes(StandardCharsets.UTF_8));
      }
      LOG.info("Run report: {}", file);
    } catch (IOException e) {
      LOG.warn("Cannot write the run report {}: {}", file, e.toString());
    }
  }

  private static long since(long nanoTime) {
    return Duration.ofNanos(System.nanoTime() - nanoTime).toSeconds();
  }

  /** The table tells sources apart by month and source_id; two dirs of one would double it. */
  static void refuseDuplicateSources(List<PreprocessedSource> sources) {
    Map<String, PreprocessedSource> seen = new HashMap<>();
    for (PreprocessedSource source : sources) {
      PreprocessedSource first = seen.putIfAbsent(source.key(), source);
      if (first != null) {
        throw new IngestException("Cannot ingest " + source.sourceFile()
            + " twice for snapshot month " + source.snapshotMonth() + ": both " + first.dir()
            + " and " + source.dir() + " hold it");
      }
    }
  }

  private static void refuseSourcesWithoutSnapshotMonth(List<PreprocessedSource> sources) {
    List<String> without = sources.stream()
        .filter(source -> source.snapshotMonth() == null)
        .map(source -> source.sourceFile() + " (" + source.dir() + ", last_updated_on "
            + source.manifest().header().get(PreprocessedSource.LAST_UPDATED_ON) + ")")
        .toList();
    if (!without.isEmpty()) {
      throw new IngestException("Cannot ingest " + without + " because the snapshot month comes"
          + " from the header's last_updated_on (YYYY-MM-DD), and it is missing or not a date");
    }
  }
}
