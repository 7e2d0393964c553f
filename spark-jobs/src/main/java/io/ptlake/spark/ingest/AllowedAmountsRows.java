package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.hash;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The row rules of an allowed-amounts file (docs/chunk-format.md): one row per out_of_network
 * item × allowed_amounts entry × payment × provider × NPI, every payment kept. A payment without
 * providers, or a provider without NPIs, gives one row with null provider columns or a null npi;
 * an entry without payments gives none, as a rate without prices does. Columns are named after the
 * CMS allowed-amounts schema's fields, in {@link #COLUMNS} order.
 *
 * <p>As for the rates ({@link RateRows#distributed}), the write moves entries, not rows: each
 * entry record goes to the task of its output file ({@link WriteTasks}) with its billing code only,
 * is sorted there by billing code, and is joined to its item's fields and its file's header and
 * exploded after the shuffle, in that order.
 */
final class AllowedAmountsRows {
  /** The item fields every row of an item repeats; billing_code is the table's bucket column. */
  private static final List<String> ITEM_FIELDS = List.of(
      "name", "billing_code_type", "billing_code_type_version", "billing_code", "description");
  private static final String ENTRY_ITEM = "_entry_item";

  /** The table's columns in order: header, item, entry, payment, provider, source; partitions last. */
  static final List<String> COLUMNS;

  static {
    List<String> columns = new ArrayList<>(FileHeader.FIELDS);
    columns.addAll(ITEM_FIELDS);
    columns.addAll(List.of("tin_type", "tin_value", "service_code", "billing_class", "setting",
        "allowed_amount", "billing_code_modifier", "billed_charge", "npi",
        ChunkReader.SOURCE_FILE, ChunkReader.SNAPSHOT_MONTH, ChunkReader.SOURCE_ID));
    COLUMNS = List.copyOf(columns);
  }

  /** The entries with their item's billing code, the records the write distributes. */
  private final Dataset<Row> entries;
  private final Dataset<Row> items;
  private final Dataset<Row> headers;

  private AllowedAmountsRows(Dataset<Row> entries, Dataset<Row> items, Dataset<Row> headers) {
    this.entries = entries;
    this.items = items;
    this.headers = headers;
  }

  /**
   * The rows of the given chunk sets, read with {@link ChunkSchemas}: {@code entries} the
   * allowed_amounts records, {@code items} the out_of_network_items records, both with
   * source_file, source_id and snapshot_month; {@code headers} one row per source with
   * source_file and the header fields.
   */
  static AllowedAmountsRows of(Dataset<Row> entries, Dataset<Row> items, Dataset<Row> headers) {
    // Inner: an entry whose item record is missing breaks the contract, and the row count check
    // then names the file instead of the table holding rows without a billing code.
    Dataset<Row> coded = entries
        .join(broadcast(items.select(col(ChunkReader.SOURCE_FILE), col("item"),
            col("billing_code"))), new String[] {ChunkReader.SOURCE_FILE, "item"}, "inner")
        .withColumn(RateRows.RECORD_HASH,
            hash(col("item"), col("tin"), col("service_code"), col("payments")));
    return new AllowedAmountsRows(coded, items, headers);
  }

  /** The items, as {@link WriteTasks} weighs buckets by them: by their entries. */
  Dataset<Row> weights() {
    return items.withColumn("negotiated_rates_count", col("allowed_amounts_count"));
  }

  /** The rows in {@link #COLUMNS}, however Spark distributes them. */
  Dataset<Row> rows() {
    return exploded(entries);
  }

  /** The rows in {@link #COLUMNS}, each output file's in a task of its own, by billing code. */
  Dataset<Row> distributed(WriteTasks tasks) {
    return exploded(tasks.distribute(entries)
        .sortWithinPartitions(col("billing_code"), col("item")));
  }

  private Dataset<Row> exploded(Dataset<Row> coded) {
    List<Column> itemColumns = new ArrayList<>(List.of(
        col(ChunkReader.SOURCE_FILE).as("item_source_file"), col("item").as(ENTRY_ITEM)));
    ITEM_FIELDS.stream().filter(field -> !field.equals("billing_code"))
        .forEach(field -> itemColumns.add(col(field)));
    // Broadcast joins after the shuffle: each task's entries keep their order.
    return coded
        .join(broadcast(items.select(itemColumns.toArray(Column[]::new))),
            col(ChunkReader.SOURCE_FILE).equalTo(col("item_source_file"))
                .and(col("item").equalTo(col(ENTRY_ITEM))), "inner")
        .join(broadcast(headers), ChunkReader.SOURCE_FILE)
        .select(col("*"), explode(col("payments")).as("payment"))
        .select(col("*"), explode_outer(col("payment.providers")).as("provider"))
        .select(col("*"), explode_outer(col("provider.npi")).as("npi"))
        .select(COLUMNS.stream().map(AllowedAmountsRows::column).toArray(Column[]::new));
  }

  private static Column column(String name) {
    Column value = switch (name) {
      case "tin_type" -> col("tin.type");
      case "tin_value" -> col("tin.value");
      case "allowed_amount", "billing_code_modifier" -> col("payment." + name);
      case "billed_charge" -> col("provider.billed_charge");
      default -> col(name);
    };
    return value.as(name);
  }
}
