package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.posexplode_outer;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.ptlake.preprocess.ChunkKind;
import io.ptlake.preprocess.Manifest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The normalized model beside the denormalized table, written by the same ingest from the same
 * chunks (README "The normalized tables"):
 *
 * <ul>
 *   <li>{@code provider_groups}: one row per distinct provider group, keyed by a content hash
 *       ({@link #groupKey}); shared by every source and month, only new keys are appended.
 *   <li>{@code rates}: one row per item × negotiated rate × negotiated price, with the keys of
 *       the groups the rate points to; source-scoped, merged like the denormalized table.
 *   <li>{@code in_network_items}: one row per item; source-scoped.
 *   <li>{@code files}: one row per source: header, manifest counts, lineage; source-scoped.
 * </ul>
 *
 * Every price of the denormalized table is accounted for: per rates row, the denormalized rows are
 * Σ over provider_group_keys of max(1, npi_count) + size(undefined_reference_ids) +
 * empty_provider_slots.
 */
final class NormalizedTables {
  private static final Logger LOG = LoggerFactory.getLogger(NormalizedTables.class);

  static final String PROVIDER_GROUPS = "provider_groups";
  static final String RATES = "rates";
  static final String ITEMS = "in_network_items";
  static final String FILES = "files";

  static final List<String> GROUP_COLUMNS = List.of(
      "provider_group_key", "tin_type", "tin_value", "business_name", "npi", "npi_count");

  static final List<String> RATE_COLUMNS = List.of(
      "item_key", "provider_references", "provider_group_keys", "undefined_reference_ids",
      "empty_provider_slots", "negotiated_type", "negotiated_rate", "expiration_date",
      "service_code", "billing_class", "setting", "billing_code_modifier",
      "additional_information", ChunkReader.SOURCE_FILE, "billing_code",
      ChunkReader.SNAPSHOT_MONTH, ChunkReader.SOURCE_ID);

  /**
   * rates is partitioned like in_network_rates' source layout, by (snapshot_month, source_id), and
   * bucketed by billing_code, each file sorted by it: a query naming a code reads one bucket file
   * per source and skips row groups by the code's min/max. Rates are far fewer rows than the
   * exploded table, so a few buckets keep its files large (README "The normalized tables").
   */
  static final String RATE_BUCKET_COLUMN = "billing_code";
  static final int RATE_BUCKETS = 8;

  static final List<String> ITEM_COLUMNS = List.of(
      "item_key", "item", "negotiation_arrangement", "name", "billing_code_type",
      "billing_code_type_version", "billing_code", "description", "severity_of_illness",
      "bundled_codes", "covered_services", "negotiated_rates_count", ChunkReader.SOURCE_FILE,
      ChunkReader.SOURCE_ID, ChunkReader.SNAPSHOT_MONTH);

  private static final StructType CODE = createStructType(List.of(
      createStructField("billing_code_type", StringType, true),
      createStructField("billing_code_type_version", StringType, true),
      createStructField("billing_code", StringType, true),
      createStructField("description", StringType, true)));
  private static final ArrayType CODES = createArrayType(CODE);

  /** The item fields the denormalized read leaves out, read as JSON text and parsed leniently. */
  private static final StructType ITEM_EXTRAS = createStructType(List.of(
      createStructField("item", LongType, true),
      createStructField("bundled_codes", StringType, true),
      createStructField("covered_services", StringType, true),
      createStructField("negotiated_rates_count", LongType, true)));

  private static final StructType FILE_SCHEMA;

  static {
    List<StructField> fields = new ArrayList<>();
    FileHeader.FIELDS.forEach(f -> fields.add(createStructField(f, StringType, true)));
    fields.add(createStructField(ChunkReader.SOURCE_FILE, StringType, false));
    fields.add(createStructField("source_size_bytes", LongType, true));
    fields.add(createStructField("source_compression", StringType, true));
    fields.add(createStructField("source_json_bytes", LongType, true));
    fields.add(createStructField("tool_version", StringType, true));
    fields.add(createStructField("chunk_files", IntegerType, true));
    fields.add(createStructField("chunk_bytes", LongType, true));
    fields.add(createStructField("counts", createMapType(StringType, LongType), true));
    fields.add(createStructField("expected_rows", LongType, true));
    fields.add(createStructField("preprocessed_at", TimestampType, true));
    fields.add(createStructField("ingested_at", TimestampType, true));
    fields.add(createStructField(ChunkReader.SOURCE_ID, StringType, false));
    fields.add(createStructField(ChunkReader.SNAPSHOT_MONTH, StringType, false));
    FILE_SCHEMA = createStructType(fields);
  }

  /** The files table's columns in order; after FILE_SCHEMA, which it is read from. */
  static final List<String> FILE_COLUMNS = columns(FILE_SCHEMA);

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

    timed(PROVIDER_GROUPS, () -> writeGroups(groups(rates, references)));
    if (!ratesWritten) {
      // Partitioned by source: a reload overwrites the source's own partitions, no codes needed.
      timed(RATES, () -> writer(WrittenTables.RATES)
          .write(rates(rates, references, items), sources, null));
    }
    timed(ITEMS, () -> writer(WrittenTables.IN_NETWORK_ITEMS)
        .write(items(items, sources), sources, null));
    timed(FILES, () -> writer(WrittenTables.FILES)
        .write(files(sources, Instant.now()), sources, null));
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

  /**
   * A group in canonical form: tin type, value and business name, and the npi list sorted (an
   * absent list as an empty one; duplicates kept, since each gives a row of the denormalized
   * table).
   */
  static Column canonicalGroup(Column group) {
    return struct(
        group.getField("tin").getField("type").as("tin_type"),
        group.getField("tin").getField("value").as("tin_value"),
        group.getField("tin").getField("business_name").as("business_name"),
        coalesce(array_sort(group.getField("npi")), array().cast(createArrayType(LongType)))
            .as("npi"));
  }

  /**
   * 32 hex digits (128 bits) of the SHA-256 of the canonical group's JSON: the same group in any
   * file or month gets the same key, and reruns reproduce it.
   */
  static Column groupKey(Column group) {
    return substring(sha2(to_json(canonicalGroup(group)), 256), 1, 32);
  }

  /** Every group the sources define (in references or inline in rates), once per key. */
  static Dataset<Row> groups(Dataset<Row> rates, Dataset<Row> references) {
    Dataset<Row> all = references.select(explode(col("provider_groups")).as("g"))
        .unionByName(rates.select(explode(col("provider_groups")).as("g")));
    return all
        .select(groupKey(col("g")).as("provider_group_key"), canonicalGroup(col("g")).as("c"))
        .dropDuplicates("provider_group_key")
        .select(col("provider_group_key"), col("c.tin_type"), col("c.tin_value"),
            col("c.business_name"), col("c.npi"), size(col("c.npi")).as("npi_count"));
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
        .select(GROUP_COLUMNS.stream().map(functions::col).toArray(Column[]::new))
        .write().mode(SaveMode.Append).insertInto(table);
  }

  /**
   * One row per item × rate × price. The reference ids of a rate are resolved per (source, id):
   * the keys of every group of every entry defining the id, the ids no entry defines, and the
   * entries without groups (each one denormalized row per price).
   */
  static Dataset<Row> rates(Dataset<Row> rates, Dataset<Row> references, Dataset<Row> items) {
    ArrayType keysType = createArrayType(StringType);
    Dataset<Row> entries = references
        .groupBy(col(ChunkReader.SOURCE_FILE).as("entry_source_file"),
            col("provider_group_id").as("entry_id"))
        .agg(flatten(collect_list(coalesce(transform(col("provider_groups"), g -> groupKey(g)),
                array().cast(keysType)))).as("entry_keys"),
            sum(when(coalesce(size(col("provider_groups")).gt(0), lit(false)), 0).otherwise(1))
                .as("entry_empty"));
    Column hasReferences = coalesce(size(col("provider_references")).gt(0), lit(false));
    Column hasGroups = coalesce(size(col("provider_groups")).gt(0), lit(false));
    Dataset<Row> slots = rates
        .withColumn("rate_uid", monotonically_increasing_id())
        .select(col("*"), posexplode_outer(col("provider_references")).as(
            new String[] {"slot_pos", "slot_id"}));
    Dataset<Row> resolved = slots.join(entries,
        col("slot_id").equalTo(col("entry_id"))
            .and(col(ChunkReader.SOURCE_FILE).equalTo(col("entry_source_file"))), "left_outer");
    Column defined = col("entry_id").isNotNull();
    Dataset<Row> perRate = resolved
        .groupBy("rate_uid")
        .agg(first(ChunkReader.SOURCE_FILE).as(ChunkReader.SOURCE_FILE),
            first(ChunkReader.SOURCE_ID).as(ChunkReader.SOURCE_ID),
            first(ChunkReader.SNAPSHOT_MONTH).as(ChunkReader.SNAPSHOT_MONTH),
            first("item").as("item"),
            first("provider_references").as("provider_references"),
            first(when(hasGroups, transform(col("provider_groups"), g -> groupKey(g)))
                .otherwise(array().cast(keysType))).as("inline_keys"),
            first(when(hasReferences.or(hasGroups), 0).otherwise(1)).as("no_providers"),
            first("negotiated_prices").as("negotiated_prices"),
            flatten(collect_list(when(defined, col("entry_keys")).otherwise(array().cast(keysType))))
                .as("reference_keys"),
            collect_list(when(col("slot_id").isNotNull().and(functions.not(defined)),
                col("slot_id"))).as("undefined_reference_ids"),
            sum(when(defined, col("entry_empty")).otherwise(0)).as("empty_references"));
    // The item key with the code, once per item rather than once per price row.
    Dataset<Row> codes = items.select(col(ChunkReader.SOURCE_FILE), col("item"),
        col("billing_code"), itemKey().as("item_key"));
    // The rate's own columns before the prices are exploded, so each is computed once per rate.
    return perRate
        .join(broadcast(codes), new String[] {ChunkReader.SOURCE_FILE, "item"}, "inner")
        .withColumn("provider_group_keys",
            array_sort(functions.concat(col("reference_keys"), col("inline_keys"))))
        .withColumn("undefined_reference_ids", array_sort(col("undefined_reference_ids")))
        .withColumn("empty_provider_slots",
            col("empty_references").plus(col("no_providers")).cast(IntegerType))
        .select(col("*"), explode(col("negotiated_prices")).as("price"))
        .select(RATE_COLUMNS.stream().map(name -> switch (name) {
          case "negotiated_type", "negotiated_rate", "expiration_date", "service_code",
              "billing_class", "setting", "billing_code_modifier", "additional_information" ->
              col("price." + name).as(name);
          default -> col(name);
        }).toArray(Column[]::new));
  }

  /**
   * No rows, the rates table's columns and types as {@link #rates} makes them: what the columnar
   * write of the same table declares.
   */
  static Dataset<Row> rateColumns(SparkSession spark) {
    StructType tags = new StructType()
        .add(ChunkReader.SOURCE_FILE, StringType).add(ChunkReader.SOURCE_ID, StringType)
        .add(ChunkReader.SNAPSHOT_MONTH, StringType);
    Dataset<Row> rates = spark.createDataFrame(List.of(), merge(ChunkSchemas.RATES, tags));
    Dataset<Row> references =
        spark.createDataFrame(List.of(), merge(ChunkSchemas.PROVIDER_REFERENCES, tags));
    Dataset<Row> items = spark.createDataFrame(List.of(), merge(ChunkSchemas.ITEMS, tags));
    return rates(rates, references, items);
  }

  private static StructType merge(StructType schema, StructType tags) {
    StructType merged = schema;
    for (StructField field : tags.fields()) {
      merged = merged.add(field);
    }
    return merged;
  }

  /** 32 hex digits of the SHA-256 of {@code snapshot_month/source_id/item}: stable on reruns. */
  static Column itemKey() {
    return substring(sha2(concat_ws("/", col(ChunkReader.SNAPSHOT_MONTH),
        col(ChunkReader.SOURCE_ID), col("item").cast(StringType)), 256), 1, 32);
  }

  /** One row per item, with bundled_codes and covered_services (null when not of the schema). */
  private Dataset<Row> items(Dataset<Row> items, List<PreprocessedSource> sources) {
    Dataset<Row> extras = null;
    for (PreprocessedSource source : sources) {
      List<String> files = source.chunkFiles(ChunkKind.ITEMS);
      if (files.isEmpty()) {
        continue;
      }
      Dataset<Row> one = spark.read().schema(ITEM_EXTRAS).option("mode", "PERMISSIVE")
          .json(files.toArray(String[]::new))
          .withColumn("extra_source_file", lit(source.sourceFile()));
      extras = extras == null ? one : extras.unionByName(one);
    }
    if (extras == null) {
      extras = spark.createDataFrame(List.of(), ITEM_EXTRAS.add("extra_source_file", StringType));
    }
    Dataset<Row> parsed = extras.select(col("extra_source_file"), col("item").as("extra_item"),
        from_json(col("bundled_codes"), CODES).as("bundled_codes"),
        from_json(col("covered_services"), CODES).as("covered_services"),
        col("negotiated_rates_count"));
    // negotiated_rates_count from the lenient read, like the other extras, not the typed one.
    return items.drop("negotiated_rates_count")
        .join(parsed, col(ChunkReader.SOURCE_FILE).equalTo(col("extra_source_file"))
            .and(col("item").equalTo(col("extra_item"))), "left_outer")
        .select(ITEM_COLUMNS.stream()
            .map(name -> name.equals("item_key") ? itemKey().as(name) : col(name))
            .toArray(Column[]::new));
  }

  /** One row per source, from its manifest. */
  Dataset<Row> files(List<PreprocessedSource> sources, Instant ingestedAt) {
    List<Row> rows = new ArrayList<>();
    for (PreprocessedSource source : sources) {
      Manifest manifest = source.manifest();
      List<Object> values = new ArrayList<>();
      FileHeader.FIELDS.forEach(f -> values.add(manifest.header().get(f)));
      values.add(source.sourceFile());
      values.add(manifest.source().sizeBytes());
      values.add(manifest.source().compression());
      values.add(manifest.source().jsonBytes());
      values.add(manifest.toolVersion());
      values.add(manifest.chunks().size());
      values.add(manifest.chunks().stream().mapToLong(Manifest.Chunk::bytes).sum());
      values.add(new LinkedHashMap<>(manifest.counts()));
      values.add(manifest.expectedRows());
      values.add(manifest.createdAt() == null ? null : Timestamp.from(manifest.createdAt()));
      values.add(Timestamp.from(ingestedAt));
      values.add(source.sourceId());
      values.add(source.snapshotMonth());
      rows.add(RowFactory.create(values.toArray()));
    }
    return spark.createDataFrame(rows, FILE_SCHEMA)
        .withColumn("last_updated_on", to_date(col("last_updated_on")))
        .select(FILE_COLUMNS.stream().map(functions::col).toArray(Column[]::new));
  }

  private static List<String> columns(StructType schema) {
    return List.of(schema.fieldNames());
  }
}
