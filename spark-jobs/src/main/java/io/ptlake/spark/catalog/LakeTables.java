package io.ptlake.spark.catalog;

import io.ptlake.spark.ingest.RateRows;
import io.ptlake.spark.ingest.WrittenTables;
import io.ptlake.spark.ingest.WrittenTables.WrittenTable;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * The catalog descriptions of the tables the ingest writes beside the rates table: rejects and the
 * normalized tables rates, provider_groups, in_network_items and files (docs/tables.md). As for
 * {@link RatesTable}, the column names, their order and the partition columns come
 * from the ingest ({@link WrittenTables}), so they cannot drift: a column without a Hive type here
 * (or in {@link RatesTable}, for the columns it shares with in_network_rates), or a type for a
 * column the ingest no longer writes, fails this class's initialization (and every catalog test).
 * The types are the Hive types of the Spark schema's {@code catalogString}; BucketFileNamesTest and
 * RejectsTest compare them with the tables an ingest wrote. Only rates is bucketed, as the ingest
 * writes it ({@link WrittenTable#bucketColumn}).
 */
public final class LakeTables {
  private static final String STRING = "string";
  private static final String STRINGS = "array<string>";
  private static final String CODES = "array<struct<billing_code_type:string,"
      + "billing_code_type_version:string,billing_code:string,description:string>>";

  /**
   * One table's description.
   *
   * @param written the table as the ingest writes it
   * @param description the table's comment
   * @param columns data columns in file order, with Hive types and comments
   * @param partitionKeys partition columns in folder order
   * @param projectable whether {@code --partitions projection} projects its month; rejects and
   *     rates, by source_id, keep their partitions in the catalog (an injected source_id would
   *     make every query name a source id)
   */
  public record LakeTable(WrittenTable written, String description, List<Column> columns,
      List<Column> partitionKeys, boolean projectable) {

    /** The table's name beside the rates table {@code ratesTable}. */
    public String tableName(String ratesTable) {
      return written.tableName(ratesTable);
    }

    /**
     * The table at {@code location}: bucketed and sorted as the ingest writes it, if at all;
     * projected (when {@link #projectable}) with snapshot_month a month from
     * {@link RatesTable#FIRST_PROJECTED_MONTH} to the current one, as for the rates table.
     */
    public TableDefinition definition(
        String database, String databaseLocation, String table, String location) {
      Map<String, String> projection = projectable ? RatesTable.monthProjection() : Map.of();
      List<String> buckets = written.bucketColumn() == null
          ? List.of() : List.of(written.bucketColumn());
      return new TableDefinition(database, databaseLocation, table, location, description,
          columns, partitionKeys, buckets,
          buckets.isEmpty() ? TableDefinition.NOT_BUCKETED : written.buckets(), buckets,
          projection);
    }
  }

  public static final LakeTable REJECTS = describe(WrittenTables.REJECTS,
      "Chunk records the ptlake ingest could not load", false, Map.of(
          "chunk", col(STRING, "the chunk file holding the record"),
          "kind", col(STRING, "rates, items or provider_references"),
          "item", col("bigint", "in_network item ordinal of the record, when readable"),
          "reason", col(STRING, "why the record was rejected"),
          "record", col(STRING, "the record as the chunk holds it"),
          "rejected_at", col("timestamp", "when the ingest rejected it"),
          "snapshot_month", col(STRING, "YYYY-MM of last_updated_on")));

  /** The price columns, source_file, billing_code and both partition keys are in_network_rates'. */
  public static final LakeTable RATES = describe(WrittenTables.RATES,
      "CMS Transparency-in-Coverage negotiated prices, one row per item x negotiated rate x price,"
          + " with the keys of its provider groups (written by ptlake)", false, Map.of(
          "item_key", col(STRING, "in_network_items.item_key of the item"),
          "provider_references", col(STRINGS,
              "provider reference ids the rate names, as in the file"),
          "provider_group_keys", col(STRINGS,
              "provider_groups.provider_group_key of every group the rate applies to, sorted"),
          "undefined_reference_ids", col(STRINGS,
              "reference ids no provider_references entry of the file defines"),
          "empty_provider_slots", col("int", "references or rates without any provider group")));

  /** tin_type, tin_value and business_name are in_network_rates'. */
  public static final LakeTable PROVIDER_GROUPS = describe(WrittenTables.PROVIDER_GROUPS,
      "Distinct provider groups of every source and month, keyed by a hash of their content"
          + " (written by ptlake)", false, Map.of(
          "provider_group_key", col(STRING,
              "32 hex digits of the SHA-256 of the canonical group"),
          "npi", col("array<bigint>", "NPIs of the group, sorted"),
          "npi_count", col("int", "size of npi; 0 for a group without NPIs")));

  /** The item's own fields, billing_code, source_file and source_id are in_network_rates'. */
  public static final LakeTable IN_NETWORK_ITEMS = describe(WrittenTables.IN_NETWORK_ITEMS,
      "CMS Transparency-in-Coverage in_network items, one row per item (written by ptlake)", true,
      Map.of(
          "item_key", col(STRING, "32 hex digits of the SHA-256 of snapshot_month/source_id/item"),
          "item", col("bigint", "ordinal of the item in its file"),
          "bundled_codes", col(CODES, "in_network item; null when absent"),
          "covered_services", col(CODES, "in_network item; null when absent"),
          "negotiated_rates_count", col("bigint", "negotiated rates of the item"),
          "snapshot_month", col(STRING, "YYYY-MM of last_updated_on")));

  /** The header fields, source_file and source_id are in_network_rates'. */
  public static final LakeTable FILES = describe(WrittenTables.FILES,
      "One row per source file: header, manifest counts and lineage (written by ptlake)", true,
      Map.ofEntries(
          Map.entry("source_size_bytes", col("bigint", "size of the source file as stored")),
          Map.entry("source_compression", col(STRING, "compression of the source file")),
          Map.entry("source_json_bytes", col("bigint", "bytes of JSON the preprocess read")),
          Map.entry("tool_version", col(STRING, "ptlake version of the preprocess")),
          Map.entry("chunk_files", col("int", "chunk files of the preprocess")),
          Map.entry("chunk_bytes", col("bigint", "bytes of those chunk files")),
          Map.entry("counts", col("map<string,bigint>", "counts of the preprocess manifest")),
          Map.entry("expected_rows", col("bigint", "rows of in_network_rates the file gives")),
          Map.entry("preprocessed_at", col("timestamp", "when the preprocess wrote the manifest")),
          Map.entry("ingested_at", col("timestamp", "when the ingest wrote this row")),
          Map.entry("snapshot_month", col(STRING, "YYYY-MM of last_updated_on"))));

  /** In the order {@code catalog register} registers them, after the rates table. */
  public static final List<LakeTable> BESIDE_RATES =
      List.of(REJECTS, RATES, PROVIDER_GROUPS, IN_NETWORK_ITEMS, FILES);

  static {
    if (!BESIDE_RATES.stream().map(LakeTable::written).toList()
        .equals(WrittenTables.BESIDE_RATES)) {
      throw new IllegalStateException("LakeTables describes "
          + BESIDE_RATES.stream().map(table -> table.written().name()).toList()
          + " but the ingest writes " + WrittenTables.BESIDE_RATES.stream()
              .map(WrittenTable::name).toList() + "; describe the new tables in LakeTables");
    }
  }

  private LakeTables() {}

  private static String[] col(String type, String comment) {
    return new String[] {type, comment};
  }

  /**
   * The table {@code written}, each column typed and commented by {@code own} or, when absent
   * there, as the column of the same name of in_network_rates ({@link RatesTable#column}): the
   * columns the tables share are one description.
   */
  private static LakeTable describe(WrittenTable written, String description,
      boolean projectable, Map<String, String[]> own) {
    if (!written.columns().containsAll(own.keySet())) {
      throw new IllegalStateException("LakeTables describes " + written.name() + " with "
          + own.keySet() + " but the ingest writes " + written.columns()
          + "; drop the columns it no longer writes from LakeTables");
    }
    List<String> partitions = written.partitionColumns();
    List<String> columns = written.columns();
    if (!columns.subList(columns.size() - partitions.size(), columns.size()).equals(partitions)) {
      throw new IllegalStateException("The ingest writes " + written.name() + " as " + columns
          + " partitioned by " + partitions + ", not as partition columns last; LakeTables"
          + " cannot describe it");
    }
    return new LakeTable(written, description,
        columns.subList(0, columns.size() - partitions.size()).stream()
            .map(name -> column(written, name, own)).toList(),
        partitions.stream().map(name -> column(written, name, own)).toList(), projectable);
  }

  private static Column column(WrittenTable written, String name, Map<String, String[]> own) {
    String[] type = own.get(name);
    if (type != null) {
      return Column.builder().name(name).type(type[0]).comment(type[1]).build();
    }
    if (!RateRows.COLUMNS.contains(name)) {
      throw new IllegalStateException("LakeTables has no Hive type for the column " + name
          + " of the ingest's " + written.name() + "; describe it in LakeTables");
    }
    return RatesTable.column(name);
  }

}
