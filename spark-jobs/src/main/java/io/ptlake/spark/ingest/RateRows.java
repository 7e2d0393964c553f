package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The row rules of docs/chunk-format.md: one row per item × negotiated rate × provider group × NPI
 * × negotiated price, with every price kept. The table's columns, in order, are {@link #COLUMNS}.
 */
public final class RateRows {
  /** The table's columns in order; the partition columns snapshot_month, billing_code last. */
  public static final List<String> COLUMNS = List.of(
      "reporting_entity_name", "reporting_entity_type", "plan_name", "plan_id_type", "plan_id",
      "plan_market_type", "issuer_name", "plan_sponsor_name", "last_updated_on", "version",
      "negotiation_arrangement", "name", "billing_code_type", "billing_code_type_version",
      "description", "severity_of_illness", "provider_group_id", "network_name", "npi",
      "tin_type", "tin_value", "business_name", "negotiated_type", "negotiated_rate",
      "expiration_date", "service_code", "billing_class", "setting", "billing_code_modifier",
      "additional_information", ChunkReader.SOURCE_FILE, ChunkReader.SOURCE_ID,
      ChunkReader.SNAPSHOT_MONTH, "billing_code");

  /** The partition columns, last in {@link #COLUMNS}: a month's load never touches another's. */
  public static final List<String> PARTITION_COLUMNS =
      List.of(ChunkReader.SNAPSHOT_MONTH, "billing_code");

  /**
   * The rows' hash of their rate record: the same for every row a rate record makes, different
   * between records; spreads a big bucket over several tasks ({@link WriteTasks}).
   */
  public static final String RECORD_HASH = "_record_hash";

  /**
   * A rate's id in this ingest (Spark's monotonically increasing id: the same on a task's retry,
   * since it follows the chunk files' splits): the slots of one rate carry the same.
   */
  static final String RATE_UID = "rate_uid";
  /**
   * A slot's position in its rate: the index of its id in provider_references, or, for the slot of
   * the inline groups (or of a rate without providers), the references' count.
   */
  static final String SLOT_POSITION = "slot_pos";
  /** The rate's provider_references count, -1 when absent: 0 and -1 differ in the rates table. */
  static final String REFERENCES_SIZE = "references_size";
  /** Whether an entry of provider_references defines the slot's id. */
  static final String DEFINED = "defined";

  /** One row per rate × provider slot, its item and provider entry joined; no header columns. */
  private final Dataset<Row> slots;
  /** The items the rows are of, as given to {@link #of}. */
  private final Dataset<Row> items;
  /** One row per source: source_file and the header fields ({@link FileHeader#FIELDS}). */
  private final Dataset<Row> headers;

  private RateRows(Dataset<Row> slots, Dataset<Row> items, Dataset<Row> headers) {
    this.slots = slots;
    this.items = items;
    this.headers = headers;
  }

  /**
   * The rows of the given chunk sets. {@code rates}, {@code references} and {@code items} are
   * read with {@link ChunkSchemas} and carry source_file, source_id and snapshot_month;
   * {@code headers} holds one row per source: source_file and the header columns.
   */
  public static RateRows of(Dataset<Row> rates, Dataset<Row> references, Dataset<Row> items,
      Dataset<Row> headers) {
    Dataset<Row> slotsOfRates = rates
        .withColumn(RATE_UID, monotonically_increasing_id())
        .select(col(ChunkReader.SOURCE_FILE), col("item"), col("negotiated_prices"),
            col(RATE_UID),
            when(col("provider_references").isNull(), lit(-1))
                .otherwise(size(col("provider_references"))).as(REFERENCES_SIZE),
            posexplode(providerSlots()).as(new String[] {SLOT_POSITION, "slot"}),
            hash(col("provider_references"), col("provider_groups"), col("negotiated_prices"))
                .as(RECORD_HASH));
    // A left join, so an id that no entry defines keeps its prices with null provider columns;
    // an id defined by several entries (duplicates) gives the rows of each.
    Dataset<Row> entries = references.select(
        col(ChunkReader.SOURCE_FILE).as("entry_source_file"),
        col("provider_group_id").as("entry_id"),
        col("network_name"),
        col("provider_groups").as("entry_groups"));
    Dataset<Row> slots = slotsOfRates
        .join(entries, col("slot.provider_group_id").equalTo(col("entry_id"))
            .and(col(ChunkReader.SOURCE_FILE).equalTo(col("entry_source_file"))), "left_outer")
        // Inner: a rate whose item record is missing breaks the contract, and the row count
        // check then names the file instead of the table holding rows without a billing code.
        .join(broadcast(items), new String[] {ChunkReader.SOURCE_FILE, "item"}, "inner");
    return new RateRows(slots, items, headers);
  }

  /** The items the rows are of: what {@link WriteTasks} weighs the buckets by. */
  Dataset<Row> items() {
    return items;
  }

  /** The rows in {@link #COLUMNS}, however Spark distributes them. */
  public Dataset<Row> rows() {
    return exploded(slots);
  }

  /**
   * The rows in {@link #COLUMNS}, each output file's in a task of its own ({@link WriteTasks}) and
   * in {@code order} there. The shuffle and the sort move one record per rate and provider slot,
   * not the rows its NPIs and prices multiply it into (~20 on a generated file), and the header
   * columns are added after both.
   */
  Dataset<Row> distributed(WriteTasks tasks, List<String> order) {
    return exploded(tasks.distribute(slots)
        .sortWithinPartitions(order.stream().map(functions::col).toArray(Column[]::new)));
  }

  /**
   * The records the columnar writer explodes ({@link RateRecordWriter#RECORD_COLUMNS}, then
   * {@link WriteTasks#TASK}), each output file's in a task of its own and in billing_code order,
   * a code's records grouped by item: no header, no source columns (a task writes one source,
   * whose values it is given), so the shuffle moves only what differs between records.
   */
  Dataset<Row> records(WriteTasks tasks) {
    // A rate's slots next to each other in position order: the normalized rates are one row per
    // rate and price, gathered from them in the same task.
    Dataset<Row> sorted = tasks.distribute(slots)
        .sortWithinPartitions(col("billing_code"), col("item"), col(RATE_UID), col(SLOT_POSITION));
    List<Column> columns = new java.util.ArrayList<>();
    for (String name : RateRecordWriter.RECORD_COLUMNS) {
      columns.add(switch (name) {
        case "provider_group_id" -> col("slot.provider_group_id").as(name);
        case "groups" -> coalesce(col("slot.provider_groups"), col("entry_groups")).as(name);
        case DEFINED -> col("entry_id").isNotNull().as(name);
        default -> col(name);
      });
    }
    columns.add(col(WriteTasks.TASK));
    return sorted.select(columns.toArray(Column[]::new));
  }

  private Dataset<Row> exploded(Dataset<Row> slots) {
    // The headers after the shuffle: a broadcast join keeps each task's rows and their order.
    return slots.join(broadcast(headers), ChunkReader.SOURCE_FILE)
        .select(col("*"), explode_outer(
            coalesce(col("slot.provider_groups"), col("entry_groups"))).as("group"))
        .select(col("*"), explode_outer(col("group.npi")).as("npi"))
        .select(col("*"), explode(col("negotiated_prices")).as("price"))
        .select(COLUMNS.stream().map(RateRows::column).toArray(Column[]::new));
  }

  /**
   * Where a rate's providers come from, one slot each: a referenced id (duplicates count), or
   * the rate's inline groups as one slot. A rate with neither gets one empty slot, which yields
   * one row per price with null provider columns; so does an empty group list or npi list below.
   */
  private static Column providerSlots() {
    Column noGroups = lit(null).cast(ChunkSchemas.PROVIDER_GROUPS);
    Column ids = coalesce(
        col("provider_references"), array().cast(DataTypes.createArrayType(DataTypes.StringType)));
    Column referenceSlots = transform(ids, id -> slot(id, noGroups));
    Column inlineSlot = slot(lit(null).cast(DataTypes.StringType), col("provider_groups"));
    // size() is -1 (or null, under ANSI) for a missing array: compare, never subtract.
    Column hasReferences = coalesce(size(col("provider_references")).gt(0), lit(false));
    Column hasGroups = coalesce(size(col("provider_groups")).gt(0), lit(false));
    return when(hasReferences.and(not(hasGroups)), referenceSlots)
        .otherwise(concat(referenceSlots, array(inlineSlot)));
  }

  private static Column slot(Column providerGroupId, Column providerGroups) {
    return struct(providerGroupId.as("provider_group_id"), providerGroups.as("provider_groups"));
  }

  private static Column column(String name) {
    Column value = switch (name) {
      case "provider_group_id" -> col("slot.provider_group_id");
      case "tin_type" -> col("group.tin.type");
      case "tin_value" -> col("group.tin.value");
      case "business_name" -> col("group.tin.business_name");
      case "negotiated_type", "negotiated_rate", "expiration_date", "service_code",
          "billing_class", "setting", "billing_code_modifier", "additional_information" ->
          col("price." + name);
      default -> col(name);
    };
    return value.as(name);
  }
}
