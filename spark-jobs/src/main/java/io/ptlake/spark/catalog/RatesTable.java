package io.ptlake.spark.catalog;

import java.util.List;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * The catalog description of {@code in_network_rates} as the ingest writes it: the same columns in
 * the same order as {@code RateRows.COLUMNS}, with the Hive types of the Spark schema's
 * {@code catalogString} (a test compares both on a table the ingest wrote).
 */
public final class RatesTable {
  public static final String PARTITION_COLUMN = "billing_code";
  public static final String BUCKET_COLUMN = "npi";

  private static final String STRING = "string";
  private static final String STRINGS = "array<string>";

  /** Data columns in file order; billing_code, the partition column, is not among them. */
  public static final List<Column> COLUMNS = List.of(
      column("reporting_entity_name", STRING, "file header"),
      column("reporting_entity_type", STRING, "file header"),
      column("plan_name", STRING, "file header"),
      column("plan_id_type", STRING, "file header"),
      column("plan_id", STRING, "file header"),
      column("plan_market_type", STRING, "file header"),
      column("issuer_name", STRING, "file header (2.x)"),
      column("plan_sponsor_name", STRING, "file header (2.x)"),
      column("last_updated_on", "date", "file header"),
      column("version", STRING, "schema version of the file"),
      column("negotiation_arrangement", STRING, "in_network item"),
      column("name", STRING, "in_network item"),
      column("billing_code_type", STRING, "in_network item"),
      column("billing_code_type_version", STRING, "in_network item"),
      column("description", STRING, "in_network item"),
      column("severity_of_illness", STRING, "in_network item (2.x)"),
      column("provider_group_id", STRING, "provider reference id, canonical; null for inline groups"),
      column("network_name", STRINGS, "provider reference (2.x)"),
      column("npi", "bigint", "provider group NPI; null for a group without NPIs"),
      column("tin_type", STRING, "provider group tin"),
      column("tin_value", STRING, "provider group tin"),
      column("business_name", STRING, "provider group tin (2.x)"),
      column("negotiated_type", STRING, "negotiated price"),
      column("negotiated_rate", "decimal(38,10)", "negotiated price, exact"),
      column("expiration_date", "date", "negotiated price"),
      column("service_code", STRINGS, "negotiated price"),
      column("billing_class", STRING, "negotiated price"),
      column("setting", STRING, "negotiated price (2.x)"),
      column("billing_code_modifier", STRINGS, "negotiated price"),
      column("additional_information", STRING, "negotiated price"),
      column("source_file", STRING, "URI of the source file"));

  public static final List<Column> PARTITION_KEYS =
      List.of(column(PARTITION_COLUMN, STRING, "in_network item billing code"));

  private RatesTable() {}

  /**
   * The rates table at {@code location}, bucketed by npi into {@code buckets} buckets per
   * billing_code partition and sorted by npi, as {@code ptlake ingest --buckets} writes it.
   */
  public static TableDefinition definition(
      String database, String databaseLocation, String table, String location, int buckets) {
    return new TableDefinition(database, databaseLocation, table, location,
        "CMS Transparency-in-Coverage negotiated rates, one row per item x rate x provider group"
            + " x NPI x price (written by ptlake)",
        COLUMNS, PARTITION_KEYS, List.of(BUCKET_COLUMN), buckets, List.of(BUCKET_COLUMN));
  }

  private static Column column(String name, String type, String comment) {
    return Column.builder().name(name).type(type).comment(comment).build();
  }
}
