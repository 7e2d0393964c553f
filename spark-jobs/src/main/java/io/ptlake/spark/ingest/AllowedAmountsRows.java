package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.explode_outer;

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
 */
final class AllowedAmountsRows {
  /** The item fields every row of an item repeats; billing_code is the table's bucket column. */
  private static final List<String> ITEM_FIELDS = List.of(
      "name", "billing_code_type", "billing_code_type_version", "billing_code", "description");

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

  private AllowedAmountsRows() {}

  /**
   * The rows of the given chunk sets, read with {@link ChunkSchemas}: {@code entries} the
   * allowed_amounts records, {@code items} the out_of_network_items records, both with
   * source_file, source_id and snapshot_month; {@code headers} one row per source with
   * source_file and the header fields.
   */
  static Dataset<Row> of(Dataset<Row> entries, Dataset<Row> items, Dataset<Row> headers) {
    List<Column> itemColumns = new ArrayList<>(List.of(
        col(ChunkReader.SOURCE_FILE), col("item")));
    ITEM_FIELDS.forEach(field -> itemColumns.add(col(field)));
    // Inner: an entry whose item record is missing breaks the contract, and the row count check
    // then names the file instead of the table holding rows without a billing code.
    return entries
        .join(broadcast(items.select(itemColumns.toArray(Column[]::new))),
            new String[] {ChunkReader.SOURCE_FILE, "item"}, "inner")
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
