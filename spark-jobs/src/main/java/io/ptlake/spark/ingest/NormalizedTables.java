package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.ptlake.preprocess.ChunkKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The normalized model beside the denormalized table, written by the same ingest from the same
 * chunks (docs/tables.md, "The normalized tables"); their rows are {@link NormalizedRows}':
 *
 * <ul>
 *   <li>{@code provider_groups}: one row per distinct provider group, keyed by a content hash
 *       ({@link NormalizedRows#groupKey}); shared by every source and month, only new keys are
 *       appended.
 *   <li>{@code rates}: one row per item × negotiated rate × negotiated price, with the keys of
 *       the groups the rate points to; source-scoped, merged like the denormalized table.
 *   <li>{@code in_network_items}: one row per item; source-scoped.
 *   <li>{@code files}: one row per source: header, manifest counts, lineage; source-scoped.
 * </ul>
 */
final class NormalizedTables {
  private static final Logger LOG = LoggerFactory.getLogger(NormalizedTables.class);

  static final String PROVIDER_GROUPS = "provider_groups";
  static final String RATES = "rates";
  static final String ITEMS = "in_network_items";
  static final String FILES = "files";

  /**
   * rates is partitioned like in_network_rates' source layout, by (snapshot_month, source_id), and
   * bucketed by billing_code, each file sorted by it: a query naming a code reads one bucket file
   * per source and skips row groups by the code's min/max. Rates are far fewer rows than the
   * exploded table, so a few buckets keep its files large (docs/tables.md "The normalized tables").
   */
  static final String RATE_BUCKET_COLUMN = "billing_code";
  static final int RATE_BUCKETS = 8;

  private final SparkSession spark;
  private final IngestConfig config;

  NormalizedTables(SparkSession spark, IngestConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /**
   * Writes the four tables for {@code sources}, with the config's mode; rates only unless
   * {@code ratesWritten} (the columnar write of in_network_rates wrote it from the same records).
   */
  void write(List<PreprocessedSource> sources, ChunkReader reader, boolean ratesWritten) {
    Dataset<Row> rates = ChunkReader.accepted(reader.readAll(sources, ChunkKind.RATES));
    Dataset<Row> references =
        ChunkReader.accepted(reader.readAll(sources, ChunkKind.PROVIDER_REFERENCES));
    Dataset<Row> items = ChunkReader.accepted(reader.readItemsWithHeader(sources));

    timed(PROVIDER_GROUPS, () -> writeGroups(NormalizedRows.groups(rates, references)));
    if (!ratesWritten) {
      // Partitioned by source: a reload overwrites the source's own partitions, no codes needed.
      timed(RATES, () -> writer(WrittenTables.RATES)
          .write(NormalizedRows.rates(rates, references, items), sources, null));
    }
    timed(ITEMS, () -> writer(WrittenTables.IN_NETWORK_ITEMS)
        .write(NormalizedRows.items(items, itemExtras(sources)), sources, null));
    timed(FILES, () -> writer(WrittenTables.FILES)
        .write(NormalizedRows.files(spark, sources, Instant.now()), sources, null));
  }

  /**
   * The item fields of {@link NormalizedRows#ITEM_EXTRAS} read leniently from the items chunks,
   * with their source file as {@code extra_source_file}.
   */
  private Dataset<Row> itemExtras(List<PreprocessedSource> sources) {
    Dataset<Row> extras = null;
    for (PreprocessedSource source : sources) {
      List<String> files = source.chunkFiles(ChunkKind.ITEMS);
      if (files.isEmpty()) {
        continue;
      }
      Dataset<Row> one = spark.read().schema(NormalizedRows.ITEM_EXTRAS)
          .option("mode", "PERMISSIVE").json(files.toArray(String[]::new))
          .withColumn("extra_source_file", lit(source.sourceFile()));
      extras = extras == null ? one : extras.unionByName(one);
    }
    return extras != null ? extras : spark.createDataFrame(List.of(),
        NormalizedRows.ITEM_EXTRAS.add("extra_source_file", StringType));
  }

  /** Each table's time in the log: where the normalized tables' share of an ingest goes. */
  private void timed(String name, Runnable write) {
    long start = System.nanoTime();
    write.run();
    LOG.info("Wrote {} in {} s", config.normalizedTable(name),
        Duration.ofNanos(System.nanoTime() - start).toSeconds());
  }

  /**
   * Fails before anything is written when a source-scoped table lies in another layout than this
   * version writes (rates was partitioned by billing_code before): a merge would mix the two.
   */
  void refuseOtherLayouts() {
    if (config.mode() == WriteMode.OVERWRITE) {
      return;
    }
    for (WrittenTables.WrittenTable written : List.of(
        WrittenTables.RATES, WrittenTables.IN_NETWORK_ITEMS, WrittenTables.FILES)) {
      String table = config.normalizedTable(written.name());
      if (!spark.catalog().tableExists(table)) {
        continue;
      }
      List<String> existing = HiveTableWriter.partitionColumnsOf(spark, table);
      if (!existing.equals(written.partitionColumns())) {
        throw new IngestException("Cannot " + config.mode().name().toLowerCase(Locale.ROOT)
            + " into " + table + " because it is partitioned by " + existing + ", as an earlier"
            + " version wrote it, and this version writes it partitioned by "
            + written.partitionColumns() + "; use --mode overwrite to rebuild the tables from"
            + " the given sources, or --no-normalized to leave them as they are");
      }
    }
  }

  private HiveTableWriter writer(WrittenTables.WrittenTable written) {
    return new HiveTableWriter(spark, config.normalizedTable(written.name()), written,
        config.mode());
  }

  /** Appends the keys the table does not hold yet; overwrite mode rebuilds it. */
  private void writeGroups(Dataset<Row> groups) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + config.database());
    String table = config.normalizedTable(PROVIDER_GROUPS);
    if (!spark.catalog().tableExists(table) || config.mode() == WriteMode.OVERWRITE) {
      groups.write().format("parquet").mode(SaveMode.Overwrite).saveAsTable(table);
      return;
    }
    Dataset<Row> existing = spark.table(table).select("provider_group_key");
    groups.join(existing, new String[] {"provider_group_key"}, "left_anti")
        .select(NormalizedRows.GROUP_COLUMNS.stream().map(functions::col).toArray(Column[]::new))
        .write().mode(SaveMode.Append).insertInto(table);
  }
}
