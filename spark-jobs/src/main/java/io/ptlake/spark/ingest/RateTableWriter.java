package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
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
 *
 * <p>The normalized tables that are scoped to a source (rates, in_network_items, files) are written
 * with the same code: other columns, partitioned by snapshot_month alone or with one more column,
 * without buckets ({@link NormalizedTables}).
 */
final class RateTableWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RateTableWriter.class);

  static final String BUCKET_COLUMN = "npi";
  private static final String PARTITION_OVERWRITE_MODE = "spark.sql.sources.partitionOverwriteMode";
  /** ALTER TABLE … DROP PARTITION specs per statement. */
  private static final int DROP_BATCH = 500;

  private final SparkSession spark;
  private final String table;
  private final String database;
  private final WriteMode mode;
  private final List<String> columns;
  private final List<String> partitionColumns;
  /** Null for a table without buckets. */
  private final String bucketColumn;
  private final int buckets;

  /** The writer of the denormalized table {@code config.qualifiedTable()}. */
  RateTableWriter(SparkSession spark, IngestConfig config) {
    this(spark, config.database(), config.qualifiedTable(), config.mode(), RateRows.COLUMNS,
        RateRows.PARTITION_COLUMNS, BUCKET_COLUMN, config.buckets());
  }

  /**
   * The same source-scoped merge for another table of the ingest: {@code columns} end with
   * {@code partitionColumns}, which start with snapshot_month and have at most one more column;
   * every row carries snapshot_month and source_id.
   */
  RateTableWriter(SparkSession spark, String database, String table, WriteMode mode,
      List<String> columns, List<String> partitionColumns, String bucketColumn, int buckets) {
    if (partitionColumns.isEmpty() || partitionColumns.size() > 2
        || !partitionColumns.get(0).equals(ChunkReader.SNAPSHOT_MONTH)
        || !columns.subList(columns.size() - partitionColumns.size(), columns.size())
            .equals(partitionColumns)) {
      throw new IllegalArgumentException("Cannot write " + table + " partitioned by "
          + partitionColumns + " with columns " + columns);
    }
    this.spark = spark;
    this.database = database;
    this.table = table;
    this.mode = mode;
    this.columns = List.copyOf(columns);
    this.partitionColumns = List.copyOf(partitionColumns);
    this.bucketColumn = bucketColumn;
    this.buckets = buckets;
  }

  /**
   * Keys ({@link PreprocessedSource#key}) of {@code sources} the table already holds rows of.
   * Reads only the partitions of the sources' months, and only their source_id column.
   */
  Set<String> sourcesPresent(List<PreprocessedSource> sources) {
    if (!spark.catalog().tableExists(table)) {
      return Set.of();
    }
    return new LinkedHashSet<>(spark.table(table)
        .where(col(ChunkReader.SNAPSHOT_MONTH).isin(months(sources))
            .and(key().isin(keys(sources))))
        .select(key())
        .distinct()
        .as(Encoders.STRING())
        .collectAsList());
  }

  /** Fails before anything is written when append mode would add a source twice. */
  void refuseSourcesAlreadyWritten(List<PreprocessedSource> sources) {
    if (mode != WriteMode.APPEND) {
      return;
    }
    Set<String> present = sourcesPresent(sources);
    if (!present.isEmpty()) {
      List<String> files = sources.stream()
          .filter(source -> present.contains(source.key()))
          .map(PreprocessedSource::sourceFile)
          .sorted()
          .toList();
      throw new IngestException("Cannot append to " + table
          + " because it already holds rows of " + files + " for the same snapshot month;"
          + " use --mode merge to replace them");
    }
  }

  /**
   * Writes {@code rows} (the writer's columns) for {@code sources}; {@code newCodes} holds at least
   * every value of the second partition column (billing_code) of {@code rows} (the items' codes),
   * and is not read for a table partitioned by snapshot_month only.
   */
  void write(Dataset<Row> rows, List<PreprocessedSource> sources, Dataset<String> newCodes) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
    boolean exists = spark.catalog().tableExists(table);
    if (!exists || mode == WriteMode.OVERWRITE) {
      save(rows, SaveMode.Overwrite);
      return;
    }
    requireSameColumns(rows);
    Set<String> present = mode == WriteMode.MERGE ? sourcesPresent(sources) : Set.of();
    if (present.isEmpty()) {
      removeUncommittedAppend();
      save(rows, SaveMode.Append);
      return;
    }
    LOG.info("Replacing the rows of {} sources already in {}", present.size(), table);
    replace(rows, sources, present, newCodes);
  }

  /**
   * An append writes into the table's own {@code _temporary} folder (Hadoop's FileOutputCommitter)
   * and moves it into the partitions at job commit. A run killed after some tasks committed but
   * before the job did leaves their output there, and the next append's job commit would move it
   * in with its own: the killed run's rows twice. No reader sees that folder; nothing but a
   * killed run leaves it (ingests into one table do not run concurrently).
   */
  private void removeUncommittedAppend() {
    org.apache.hadoop.fs.Path pending = new org.apache.hadoop.fs.Path(
        TableLocation.of(spark, table, "append to"), "_temporary");
    try {
      FileSystem fs = pending.getFileSystem(spark.sessionState().newHadoopConf());
      if (fs.exists(pending)) {
        LOG.warn("Removing {}, left by an append that did not commit", pending);
        fs.delete(pending, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + pending, e);
    }
  }

  private void save(Dataset<Row> rows, SaveMode saveMode) {
    DataFrameWriter<Row> writer = partitioned(rows)
        .write()
        .format("parquet")
        .mode(saveMode)
        .partitionBy(partitionColumns.toArray(String[]::new));
    if (bucketColumn != null) {
      writer = writer.bucketBy(buckets, bucketColumn).sortBy(bucketColumn);
    }
    writer.saveAsTable(table);
  }

  private void replace(Dataset<Row> rows, List<PreprocessedSource> sources, Set<String> present,
      Dataset<String> newCodes) {
    Column reloaded = key().isin(present.toArray());
    // The partitions the reloaded sources hold rows in, and whether they hold only theirs.
    List<Row> old = spark.table(table)
        .where(col(ChunkReader.SNAPSHOT_MONTH).isin(months(sources)))
        .groupBy(partitionColumns())
        .agg(max(reloaded).as("some"), min(reloaded).as("only"))
        .where(col("some"))
        .collectAsList();
    int only = partitionColumns.size() + 1;
    List<Row> onlyReloaded = old.stream().filter(row -> row.getBoolean(only)).toList();
    dropPartitions(onlyReloaded);

    Column inPartitions = col(ChunkReader.SNAPSHOT_MONTH).isin(months(sources));
    if (partitionColumns.size() == 2) {
      Set<String> codes = new LinkedHashSet<>();
      old.forEach(row -> codes.add(row.getString(1)));
      // Every partition a new row may land in: the codes of the new items (a small read; an item
      // without rows only costs the rewrite of a partition as it was).
      codes.addAll(newCodes.distinct().collectAsList());
      inPartitions = inPartitions.and(col(partitionColumns.get(1)).isin(codes.toArray()));
    }
    Dataset<Row> others = spark.table(table).where(inPartitions.and(not(reloaded)));
    Dataset<Row> merged = partitioned(rows.unionByName(others))
        .select(columns.stream().map(functions::col).toArray(Column[]::new));
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
          .map(this::partitionSpec)
          .collect(Collectors.joining(", "));
      spark.sql("ALTER TABLE " + table + " DROP IF EXISTS " + specs);
    }
  }

  /** {@code PARTITION (snapshot_month = '…', …)} of a row that starts with the partition values. */
  private String partitionSpec(Row row) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < partitionColumns.size(); i++) {
      values.add(partitionColumns.get(i) + " = " + literal(row.getString(i)));
    }
    return "PARTITION (" + String.join(", ", values) + ")";
  }

  private void requireSameColumns(Dataset<Row> rows) {
    List<String> existing = columns(spark.table(table));
    List<String> written = columns(rows);
    if (!existing.equals(written)) {
      throw new IngestException("Cannot " + mode.name().toLowerCase(Locale.ROOT)
          + " into " + table + " because its columns " + existing
          + " differ from the ones this version writes " + written
          + "; use --mode overwrite to rebuild it");
    }
  }

  static List<String> columns(Dataset<Row> rows) {
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
  private Dataset<Row> partitioned(Dataset<Row> rows) {
    return rows.repartition(partitionColumns());
  }

  private Column[] partitionColumns() {
    return partitionColumns.stream().map(functions::col).toArray(Column[]::new);
  }

  /** {@code snapshot_month/source_id}, as {@link PreprocessedSource#key}. */
  static Column key() {
    return concat_ws("/", col(ChunkReader.SNAPSHOT_MONTH), col(ChunkReader.SOURCE_ID));
  }

  static Object[] months(List<PreprocessedSource> sources) {
    return sources.stream().map(PreprocessedSource::snapshotMonth).distinct().toArray();
  }

  static Object[] keys(List<PreprocessedSource> sources) {
    return sources.stream().map(PreprocessedSource::key).distinct().toArray();
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
