package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ptlake.preprocess.ChunkKind;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code <database>.rejects}: chunk records the ingest could not load, one row each, so a
 * malformed record never disappears silently and never fails the whole load. Partitioned by
 * (snapshot_month, source_id), so reloading a source replaces its rejects like its rows.
 *
 * <p>Columns: source_file, chunk (the chunk file's path), kind (rates, items,
 * provider_references; allowed_amounts, out_of_network_items), item (the record's item ordinal,
 * when readable), reason, record (the line as the chunk holds it), rejected_at; partitions
 * snapshot_month, source_id.
 *
 * <p>One table for every ingested file type; each writer clears the rejects of its own kinds
 * only, so a rebuild of in_network_rates leaves the rejects of allowed-amounts files alone.
 */
final class RejectsTable {
  static final String NAME = "rejects";
  static final List<String> COLUMNS = List.of(
      ChunkReader.SOURCE_FILE, "chunk", "kind", "item", "reason", "record", "rejected_at",
      ChunkReader.SNAPSHOT_MONTH, ChunkReader.SOURCE_ID);

  /** The kinds of in-network files: what the rates job writes. */
  static final List<ChunkKind> IN_NETWORK_KINDS =
      List.of(ChunkKind.RATES, ChunkKind.ITEMS, ChunkKind.PROVIDER_REFERENCES);

  private final SparkSession spark;
  private final String database;
  private final String table;
  private final List<ChunkKind> kinds;

  /** The rejects of the in-network kinds. */
  RejectsTable(SparkSession spark, String database) {
    this(spark, database, IN_NETWORK_KINDS);
  }

  /** The rejects of {@code kinds}, one file type's. */
  RejectsTable(SparkSession spark, String database, List<ChunkKind> kinds) {
    this.spark = spark;
    this.database = database;
    this.table = database + "." + NAME;
    this.kinds = List.copyOf(kinds);
  }

  String name() {
    return table;
  }

  /**
   * Forgets earlier rejects of {@code sources}, or for a rebuild ({@code all}) those of every
   * source with rejects of this table's kinds too (a source is of one file type, so its partition
   * holds one type's kinds).
   */
  void clear(List<PreprocessedSource> sources, boolean all) {
    if (!spark.catalog().tableExists(table)) {
      return;
    }
    Set<List<String>> partitions = new LinkedHashSet<>();
    sources.forEach(source -> partitions.add(List.of(source.snapshotMonth(), source.sourceId())));
    if (all) {
      Object[] names = kinds.stream().map(kind -> kind.name().toLowerCase(Locale.ROOT)).toArray();
      spark.table(table).where(col("kind").isin(names))
          .select(ChunkReader.SNAPSHOT_MONTH, ChunkReader.SOURCE_ID).distinct().collectAsList()
          .forEach(row -> partitions.add(List.of(row.getString(0), row.getString(1))));
    }
    List<String> specs = partitions.stream()
        .map(values -> InterruptedWrites.partitionSpec(
            WrittenTables.REJECTS.partitionColumns(), values))
        .toList();
    for (int from = 0; from < specs.size(); from += 500) {
      spark.sql("ALTER TABLE " + table + " DROP IF EXISTS "
          + String.join(", ", specs.subList(from, Math.min(specs.size(), from + 500))));
    }
  }

  /** One chunk set's rejected records, in this table's columns. */
  static Dataset<Row> rows(Dataset<Row> checked, ChunkKind kind) {
    Column item = kind == ChunkKind.PROVIDER_REFERENCES
        ? lit(null).cast(DataTypes.LongType) : col("item");
    return ChunkReader.rejected(checked, kind).select(
        col(ChunkReader.SOURCE_FILE),
        col(ChunkReader.CHUNK).as("chunk"),
        lit(kind.name().toLowerCase(Locale.ROOT)).as("kind"),
        item.as("item"),
        col(ChunkReader.REJECT_REASON).as("reason"),
        col(ChunkReader.RECORD_TEXT).as("record"),
        current_timestamp().as("rejected_at"),
        col(ChunkReader.SNAPSHOT_MONTH),
        col(ChunkReader.SOURCE_ID));
  }

  void append(Dataset<Row> rejects) {
    // The Hive database may not exist yet: an Iceberg table lives in its own catalog.
    spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
    rejects
        .coalesce(1)
        .write()
        .format("parquet")
        .mode(SaveMode.Append)
        .partitionBy(WrittenTables.REJECTS.partitionColumns().toArray(String[]::new))
        .saveAsTable(table);
  }

  /**
   * Rejected and unreadable records per source key ({@link PreprocessedSource#key}); sources
   * without rejects are absent.
   */
  Map<String, long[]> counts(List<PreprocessedSource> sources) {
    if (!spark.catalog().tableExists(table)) {
      return Map.of();
    }
    Object[] keys = sources.stream().map(PreprocessedSource::key).toArray();
    Map<String, long[]> counts = new HashMap<>();
    spark.table(table)
        .where(SourceKeys.column().isin(keys))
        .groupBy(SourceKeys.column())
        .agg(count(lit(1)), sum(when(col("reason").equalTo(ChunkReader.UNREADABLE), 1)
            .otherwise(0)))
        .collectAsList()
        .forEach(row -> counts.put(row.getString(0), new long[] {row.getLong(1), row.getLong(2)}));
    return counts;
  }
}
