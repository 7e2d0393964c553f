package io.ptlake.spark.catalog;

import io.ptlake.spark.ingest.RateRows;
import io.ptlake.spark.ingest.TableLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * The catalog description of {@code in_network_rates} as the ingest writes it. The column names
 * and their order come from the ingest itself ({@link RateRows#COLUMNS}, partition columns
 * {@link RateRows#PARTITION_COLUMNS} last), so the two cannot drift: a column the ingest adds
 * without a Hive type here fails this class's initialization (and every catalog test). The types
 * are the Hive types of the Spark schema's {@code catalogString}; BucketFileNamesTest compares them
 * with a table the ingest wrote.
 */
public final class RatesTable {
  /** Partition columns in folder order: {@code snapshot_month=YYYY-MM/billing_code=X}. */
  public static final List<String> PARTITION_COLUMNS = RateRows.PARTITION_COLUMNS;
  public static final String SNAPSHOT_MONTH = "snapshot_month";
  public static final String BILLING_CODE = "billing_code";
  public static final String BUCKET_COLUMN = "npi";

  /**
   * First month partition projection covers: the TiC rule's in-network files are published from
   * July 2022. {@code catalog register --partitions projection} refuses a table holding an earlier
   * month, which Athena would silently skip.
   */
  public static final String FIRST_PROJECTED_MONTH = "2022-07";

  private static final String STRING = "string";
  private static final String STRINGS = "array<string>";

  /** Hive type and comment of every column the ingest writes, partition columns included. */
  private static final Map<String, String[]> TYPES = types();

  /** Data columns in file order; the partition columns are not among them. */
  public static final List<Column> COLUMNS = RateRows.COLUMNS.stream()
      .filter(name -> !PARTITION_COLUMNS.contains(name))
      .map(RatesTable::column)
      .toList();

  public static final List<Column> PARTITION_KEYS =
      PARTITION_COLUMNS.stream().map(RatesTable::column).toList();

  static {
    if (!TYPES.keySet().equals(new java.util.HashSet<>(RateRows.COLUMNS))
        || !RateRows.COLUMNS.subList(RateRows.COLUMNS.size() - PARTITION_COLUMNS.size(),
            RateRows.COLUMNS.size()).equals(PARTITION_COLUMNS)
        || !PARTITION_COLUMNS.equals(List.of(SNAPSHOT_MONTH, BILLING_CODE))) {
      throw new IllegalStateException("RatesTable describes " + TYPES.keySet()
          + " but the ingest writes " + RateRows.COLUMNS + " partitioned by " + PARTITION_COLUMNS
          + "; describe the new columns in RatesTable");
    }
  }

  private RatesTable() {}

  /** Data columns in file order for {@code layout}; its partition columns are not among them. */
  public static List<Column> columns(TableLayout layout) {
    return layout.columns().stream()
        .filter(name -> !layout.partitionColumns().contains(name))
        .map(RatesTable::column)
        .toList();
  }

  public static List<Column> partitionKeys(TableLayout layout) {
    return layout.partitionColumns().stream().map(RatesTable::column).toList();
  }

  /** {@link #definition(String, String, String, String, int, TableLayout)} of the default layout. */
  public static TableDefinition definition(
      String database, String databaseLocation, String table, String location, int buckets) {
    return definition(database, databaseLocation, table, location, buckets,
        TableLayout.BILLING_CODE);
  }

  /**
   * The rates table at {@code location} as {@code ptlake ingest --layout --buckets} writes it:
   * {@link TableLayout#BILLING_CODE} bucketed by npi into {@code buckets} buckets per
   * (snapshot_month, billing_code) partition and sorted by npi, projected (in
   * {@link PartitionMode#PROJECTION}) as months from {@link #FIRST_PROJECTED_MONTH} to the current
   * one and billing codes the query names; {@link TableLayout#SOURCE} bucketed by billing_code per
   * (snapshot_month, source_id) partition and sorted by billing_code, so that Athena reads one
   * bucket (a file, or a few for a source above the ingest's target file size) per source for a
   * query naming a code, and skips the row groups of other codes. Its source_id would be projected as
   * injected (every query naming a source id): the catalog form is the one to use.
   */
  public static TableDefinition definition(String database, String databaseLocation, String table,
      String location, int buckets, TableLayout layout) {
    Map<String, String> projection = new LinkedHashMap<>(monthProjection());
    projection.put("projection." + layout.partitionColumns().get(1) + ".type", "injected");
    return new TableDefinition(database, databaseLocation, table, location,
        "CMS Transparency-in-Coverage negotiated rates, one row per item x rate x provider group"
            + " x NPI x price (written by ptlake)",
        columns(layout), partitionKeys(layout), List.of(layout.bucketColumn()), buckets,
        layout.sortColumns(), projection);
  }

  /**
   * snapshot_month projected as a month from {@link #FIRST_PROJECTED_MONTH} to the current one:
   * the same for every table partitioned by month ({@link LakeTables}).
   */
  static Map<String, String> monthProjection() {
    Map<String, String> projection = new LinkedHashMap<>();
    projection.put("projection." + SNAPSHOT_MONTH + ".type", "date");
    projection.put("projection." + SNAPSHOT_MONTH + ".format", "yyyy-MM");
    projection.put("projection." + SNAPSHOT_MONTH + ".range", FIRST_PROJECTED_MONTH + ",NOW");
    projection.put("projection." + SNAPSHOT_MONTH + ".interval", "1");
    projection.put("projection." + SNAPSHOT_MONTH + ".interval.unit", "MONTHS");
    return projection;
  }

  /** The column {@code name} of in_network_rates, with its Hive type and comment. */
  static Column column(String name) {
    String[] type = TYPES.get(name);
    if (type == null) {
      throw new IllegalStateException("RatesTable has no Hive type for the ingest's column "
          + name + "; describe it in RatesTable");
    }
    return Column.builder().name(name).type(type[0]).comment(type[1]).build();
  }

  private static Map<String, String[]> types() {
    Map<String, String[]> types = new LinkedHashMap<>();
    put(types, "reporting_entity_name", STRING, "file header");
    put(types, "reporting_entity_type", STRING, "file header");
    put(types, "plan_name", STRING, "file header");
    put(types, "plan_id_type", STRING, "file header");
    put(types, "plan_id", STRING, "file header");
    put(types, "plan_market_type", STRING, "file header");
    put(types, "issuer_name", STRING, "file header (2.x)");
    put(types, "plan_sponsor_name", STRING, "file header (2.x)");
    put(types, "last_updated_on", "date", "file header");
    put(types, "version", STRING, "schema version of the file");
    put(types, "negotiation_arrangement", STRING, "in_network item");
    put(types, "name", STRING, "in_network item");
    put(types, "billing_code_type", STRING, "in_network item");
    put(types, "billing_code_type_version", STRING, "in_network item");
    put(types, "description", STRING, "in_network item");
    put(types, "severity_of_illness", STRING, "in_network item (2.x)");
    put(types, "provider_group_id", STRING,
        "provider reference id, canonical; null for inline groups");
    put(types, "network_name", STRINGS, "provider reference (2.x)");
    put(types, "npi", "bigint", "provider group NPI; null for a group without NPIs");
    put(types, "tin_type", STRING, "provider group tin");
    put(types, "tin_value", STRING, "provider group tin");
    put(types, "business_name", STRING, "provider group tin (2.x)");
    put(types, "negotiated_type", STRING, "negotiated price");
    put(types, "negotiated_rate", "decimal(38,10)", "negotiated price, exact");
    put(types, "expiration_date", "date", "negotiated price");
    put(types, "service_code", STRINGS, "negotiated price");
    put(types, "billing_class", STRING, "negotiated price");
    put(types, "setting", STRING, "negotiated price (2.x)");
    put(types, "billing_code_modifier", STRINGS, "negotiated price");
    put(types, "additional_information", STRING, "negotiated price");
    put(types, "source_file", STRING, "URI of the source file");
    put(types, "source_id", STRING, "16 hex digits of the SHA-256 of source_file");
    put(types, SNAPSHOT_MONTH, STRING, "YYYY-MM of last_updated_on; first partition column");
    put(types, BILLING_CODE, STRING, "in_network item billing code");
    return types;
  }

  private static void put(Map<String, String[]> types, String name, String type, String comment) {
    types.put(name, new String[] {type, comment});
  }
}
