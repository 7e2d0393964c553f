package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the exploded rows as the catalog table: Parquet, partitioned by snapshot_month then
 * billing_code (every analyst query names a code; a monthly load only adds partitions of its
 * month), bucketed and sorted by npi within each partition (lookups of one provider read one file
 * and skip row groups).
 *
 * <p>Idempotence ({@link WriteMode#MERGE}) within this Hive-style layout: a source already loaded
 * for the month is replaced by rewriting the partitions it touches, old or new, with Spark's
 * dynamic partition overwrite ({@code partitionOverwriteMode=dynamic} + {@code insertInto}, which
 * works on Spark's bucketed datasource tables and may read the table it overwrites, since it
 * writes to a staging folder first): each such partition is rewritten as the other sources' rows
 * plus the reloaded ones. Partitions that held rows of the reloaded sources only are dropped first,
 * so rows the new version no longer has do not linger. The commit replaces partition folders one by
 * one (no multi-partition atomicity in a Hive-style table): a failed replace is repaired by rerunning
 * it. Sources new to the table are appended without rewriting anything.
 */
final class RateTableWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RateTableWriter.class);

  static final String BUCKET_COLUMN = "npi";
  private static final String PARTITION_OVERWRITE_MODE = "spark.sql.sources.partitionOverwriteMode";
  /** ALTER TABLE … DROP PARTITION specs per statement. */
  private static final int DROP_BATCH = 500;

  private final SparkSession spark;
  private final IngestConfig config;

  RateTableWriter(SparkSession spark, IngestConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /**
   * Keys ({@link PreprocessedSource#key}) of {@code sources} the table already holds rows of.
   * Reads only the partitions of the sources' months, and only their source_id column.
   */
  Set<String> sourcesPresent(List<PreprocessedSource> sources) {
    if (!spark.catalog().tableExists(config.qualifiedTable())) {
      return Set.of();
    }
    return new LinkedHashSet<>(spark.table(config.qualifiedTable())
        .where(col(ChunkReader.SNAPSHOT_MONTH).isin(months(sources))
            .and(key().isin(keys(sources))))
        .select(key())
        .distinct()
        .as(Encoders.STRING())
        .collectAsList());
  }

  /** Fails before anything is written when append mode would add a source twice. */
  void refuseSourcesAlreadyWritten(List<PreprocessedSource> sources) {
    if (config.mode() != WriteMode.APPEND) {
      return;
    }
    Set<String> present = sourcesPresent(sources);
    if (!present.isEmpty()) {
      List<String> files = sources.stream()
          .filter(source -> present.contains(source.key()))
          .map(PreprocessedSource::sourceFile)
          .sorted()
          .toList();
      throw new IngestException("Cannot append to " + config.qualifiedTable()
          + " because it already holds rows of " + files + " for the same snapshot month;"
          + " use --mode merge to replace them");
    }
  }

  /**
   * Writes {@code rows} (columns {@link RateRows#COLUMNS}) for {@code sources}; {@code newCodes}
   * holds at least every billing code of {@code rows} (the items' codes).
   */
  void write(Dataset<Row> rows, List<PreprocessedSource> sources, Dataset<String> newCodes) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + config.database());
    String table = config.qualifiedTable();
    boolean exists = spark.catalog().tableExists(table);
    if (!exists || config.mode() == WriteMode.OVERWRITE) {
      save(rows, SaveMode.Overwrite);
      return;
    }
    requireSameColumns(rows);
    Set<String> present = config.mode() == WriteMode.MERGE ? sourcesPresent(sources) : Set.of();
    if (present.isEmpty()) {
      save(rows, SaveMode.Append);
      return;
    }
    LOG.info("Replacing the rows of {} sources already in {}", present.size(), table);
    replace(rows, sources, present, newCodes);
  }

  private void save(Dataset<Row> rows, SaveMode mode) {
    partitioned(rows)
        .write()
        .format("parquet")
        .mode(mode)
        .partitionBy(RateRows.PARTITION_COLUMNS.toArray(String[]::new))
        .bucketBy(config.buckets(), BUCKET_COLUMN)
        .sortBy(BUCKET_COLUMN)
        .saveAsTable(config.qualifiedTable());
  }

  private void replace(Dataset<Row> rows, List<PreprocessedSource> sources, Set<String> present,
      Dataset<String> newCodes) {
    String table = config.qualifiedTable();
    Column reloaded = key().isin(present.toArray());
    // The partitions the reloaded sources hold rows in, and whether they hold only theirs.
    List<Row> old = spark.table(table)
        .where(col(ChunkReader.SNAPSHOT_MONTH).isin(months(sources)))
        .groupBy(partitionColumns())
        .agg(max(reloaded).as("some"), min(reloaded).as("only"))
        .where(col("some"))
        .collectAsList();
    List<Row> onlyReloaded = old.stream().filter(row -> row.getBoolean(3)).toList();
    dropPartitions(onlyReloaded);

    Set<String> codes = new LinkedHashSet<>();
    old.forEach(row -> codes.add(row.getString(1)));
    // Every partition a new row may land in: the codes of the new items (a small read; an item
    // without rows only costs the rewrite of a partition as it was).
    codes.addAll(newCodes.distinct().collectAsList());
    Dataset<Row> others = spark.table(table)
        .where(col(ChunkReader.SNAPSHOT_MONTH).isin(months(sources))
            .and(col("billing_code").isin(codes.toArray()))
            .and(not(reloaded)));
    Dataset<Row> merged = partitioned(rows.unionByName(others))
        .select(RateRows.COLUMNS.stream().map(functions::col).toArray(Column[]::new));
    // insertInto ignores the writer's partitionOverwriteMode option (the V1 insert reads the
    // table's options and the session's setting only): set the session's for this write.
    String previous = spark.conf().get(PARTITION_OVERWRITE_MODE, null);
    spark.conf().set(PARTITION_OVERWRITE_MODE, "dynamic");
    try {
      merged.write().mode(SaveMode.Overwrite).insertInto(table);
    } finally {
      if (previous == null) {
        spark.conf().unset(PARTITION_OVERWRITE_MODE);
      } else {
        spark.conf().set(PARTITION_OVERWRITE_MODE, previous);
      }
    }
  }

  private void dropPartitions(List<Row> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    LOG.info("Dropping {} partitions that only the reloaded sources held", partitions.size());
    for (int from = 0; from < partitions.size(); from += DROP_BATCH) {
      String specs = partitions.subList(from, Math.min(partitions.size(), from + DROP_BATCH))
          .stream()
          .map(row -> "PARTITION (" + ChunkReader.SNAPSHOT_MONTH + " = " + literal(row.getString(0))
              + ", billing_code = " + literal(row.getString(1)) + ")")
          .collect(Collectors.joining(", "));
      spark.sql("ALTER TABLE " + config.qualifiedTable() + " DROP IF EXISTS " + specs);
    }
  }

  private void requireSameColumns(Dataset<Row> rows) {
    List<String> table = columns(spark.table(config.qualifiedTable()));
    List<String> written = columns(rows);
    if (!table.equals(written)) {
      throw new IngestException("Cannot " + config.mode().name().toLowerCase(Locale.ROOT)
          + " into " + config.qualifiedTable() + " because its columns " + table
          + " differ from the ones this version writes " + written
          + "; use --mode overwrite to rebuild it");
    }
  }

  private static List<String> columns(Dataset<Row> rows) {
    List<String> columns = new ArrayList<>();
    for (StructField field : rows.schema().fields()) {
      columns.add(field.name() + " " + field.dataType().catalogString());
    }
    return columns;
  }

  /**
   * One task per partition, so each (partition, bucket) gets one file per write instead of one per
   * task that happened to hold some of its rows.
   */
  private static Dataset<Row> partitioned(Dataset<Row> rows) {
    return rows.repartition(partitionColumns());
  }

  private static Column[] partitionColumns() {
    return RateRows.PARTITION_COLUMNS.stream().map(functions::col)
        .toArray(Column[]::new);
  }

  /** {@code snapshot_month/source_id}, as {@link PreprocessedSource#key}. */
  static Column key() {
    return concat_ws("/", col(ChunkReader.SNAPSHOT_MONTH), col(ChunkReader.SOURCE_ID));
  }

  private static Object[] months(List<PreprocessedSource> sources) {
    return sources.stream().map(PreprocessedSource::snapshotMonth).distinct().toArray();
  }

  private static Object[] keys(List<PreprocessedSource> sources) {
    return sources.stream().map(PreprocessedSource::key).distinct().toArray();
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
