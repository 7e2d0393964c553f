package io.ptlake.spark.catalog;

import io.ptlake.spark.ingest.RateRows;
import io.ptlake.spark.providers.ProviderTables;
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

  private static final String DECIMAL = "decimal(38,10)";
  private static final String OON = "out_of_network item";
  private static final String ENTRY = "allowed_amounts entry";

  /**
   * The header columns, source_file, source_id and snapshot_month are in_network_rates'; the rest
   * are named after the CMS allowed-amounts schema.
   */
  public static final LakeTable ALLOWED_AMOUNTS = describe(WrittenTables.ALLOWED_AMOUNTS,
      "CMS Transparency-in-Coverage out-of-network allowed amounts, one row per item x entry x"
          + " payment x provider x NPI (written by ptlake)", false, Map.ofEntries(
          Map.entry("name", col(STRING, OON)),
          Map.entry("billing_code_type", col(STRING, OON)),
          Map.entry("billing_code_type_version", col(STRING, OON)),
          Map.entry("billing_code", col(STRING, OON + " billing code; the bucket column")),
          Map.entry("description", col(STRING, OON)),
          Map.entry("tin_type", col(STRING, ENTRY + " tin: ein or npi")),
          Map.entry("tin_value", col(STRING, ENTRY + " tin")),
          Map.entry("service_code", col(STRINGS, ENTRY + ": place of service codes")),
          Map.entry("billing_class", col(STRING, ENTRY)),
          Map.entry("setting", col(STRING, ENTRY + " (2.x)")),
          Map.entry("allowed_amount", col(DECIMAL, "payment, exact")),
          Map.entry("billing_code_modifier", col(STRINGS, "payment")),
          Map.entry("billed_charge", col(DECIMAL,
              "billed charge of the provider, exact; null for a payment without providers")),
          Map.entry("npi", col("bigint", "provider NPI; null for a provider without NPIs"))));

  private static final String LISTER = "the table of contents or file that lists the plan";

  /** One row per plan per listing source and month. */
  public static final LakeTable PLANS = describe(WrittenTables.PLANS,
      "Plans listed by tables of contents and named by file headers, one row per plan per source"
          + " per month (written by ptlake)", true, Map.ofEntries(
          Map.entry("plan_key", col(STRING, "32 hex digits of the SHA-256 of the plan identity"
              + " (id type, id, market type, name); the same in every source")),
          Map.entry("reporting_entity_name", col(STRING, "header of " + LISTER)),
          Map.entry("reporting_entity_type", col(STRING, "header of " + LISTER)),
          Map.entry("plan_name", col(STRING, "reporting_plans entry or file header")),
          Map.entry("plan_id_type", col(STRING, "ein or hios")),
          Map.entry("plan_id", col(STRING, "HIOS id or EIN")),
          Map.entry("plan_market_type", col(STRING, "group or individual")),
          Map.entry("issuer_name", col(STRING, "reporting_plans entry or file header (2.x)")),
          Map.entry("plan_sponsor_name", col(STRING, "reporting_plans entry or file header")),
          Map.entry("source_type", col(STRING,
              "table-of-contents, in-network-rates or allowed-amounts: what lists the plan")),
          Map.entry("source_file", col(STRING, "URI of " + LISTER)),
          Map.entry("last_updated_on", col("date", "header of " + LISTER)),
          Map.entry("source_id", col(STRING, "16 hex digits of the SHA-256 of source_file")),
          Map.entry("snapshot_month", col(STRING, "YYYY-MM of last_updated_on"))));

  /** One row per plan -> file link. */
  public static final LakeTable PLAN_FILES = describe(WrittenTables.PLAN_FILES,
      "Which in-network and allowed-amounts files serve each plan: join file_source_id and"
          + " file_snapshot_month to source_id and snapshot_month of in_network_rates, rates or"
          + " allowed_amounts (written by ptlake)", true, Map.ofEntries(
          Map.entry("plan_key", col(STRING, "plans.plan_key")),
          Map.entry("file_type", col(STRING, "in-network-rates or allowed-amounts")),
          Map.entry("description", col(STRING, "description of the file in the table of contents")),
          Map.entry("file_url", col(STRING, "location of the file (its source_file)")),
          Map.entry("file_source_id", col(STRING, "source_id of the rows of the file")),
          Map.entry("file_snapshot_month", col(STRING,
              "snapshot_month of the rows of the file; null when it could not be read")),
          Map.entry("file_status", col(STRING, "done, or failed when it could not be read")),
          Map.entry("source_file", col(STRING, "URI of " + LISTER)),
          Map.entry("source_id", col(STRING, "16 hex digits of the SHA-256 of source_file")),
          Map.entry("snapshot_month", col(STRING, "YYYY-MM of last_updated_on of the lister"))));

  /** In the order {@code catalog register} registers them, after the rates table. */
  public static final List<LakeTable> BESIDE_RATES = List.of(REJECTS, RATES, PROVIDER_GROUPS,
      IN_NETWORK_ITEMS, FILES, ALLOWED_AMOUNTS, PLANS, PLAN_FILES);

  /** NPPES, one row per NPI; replaced whole by each {@code providers load}. */
  public static final LakeTable PROVIDERS = describe(ProviderTables.PROVIDERS_TABLE,
      "NPPES providers, one row per NPI (loaded by ptlake providers load)", false, Map.ofEntries(
          Map.entry("npi", col("bigint", "NPI")),
          Map.entry("entity_type", col(STRING, "individual or organization; null when"
              + " deactivated")),
          Map.entry("name", col(STRING, "organization legal name, or \"last, first\"")),
          Map.entry("credential", col(STRING, "Provider Credential Text")),
          Map.entry("city", col(STRING, "practice location city")),
          Map.entry("state", col(STRING, "practice location state")),
          Map.entry("zip5", col(STRING, "practice location 5-digit zip")),
          Map.entry("primary_taxonomy_code", col(STRING, "the taxonomy marked primary, else the"
              + " first listed")),
          Map.entry("taxonomy_codes", col(STRINGS, "every taxonomy code listed, in order")),
          Map.entry("deactivation_date", col("date", "NPI Deactivation Date")),
          Map.entry("reactivation_date", col("date", "NPI Reactivation Date"))));

  /** The NUCC code set; replaced whole by each load. */
  public static final LakeTable TAXONOMIES = describe(ProviderTables.TAXONOMIES_TABLE,
      "NUCC health care provider taxonomy codes (loaded by ptlake providers load)", false,
      Map.of(
          "code", col(STRING, "taxonomy code, as providers.primary_taxonomy_code"),
          "taxonomy_group", col(STRING, "NUCC grouping (a reserved word in Athena and Trino)"),
          "classification", col(STRING, "NUCC classification"),
          "specialization", col(STRING, "NUCC specialization; null for none"),
          "display_name", col(STRING, "NUCC display name; null when the file has none")));

  /**
   * Tables replaced whole by their loads, registered after {@link #BESIDE_RATES} when present:
   * their location is the version folder readers are on ({@code providers/v=…}).
   */
  public static final List<LakeTable> REPLACED = List.of(PROVIDERS, TAXONOMIES);

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
