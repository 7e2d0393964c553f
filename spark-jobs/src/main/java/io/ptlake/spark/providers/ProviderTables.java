package io.ptlake.spark.providers;

import io.ptlake.spark.ingest.WrittenTables.WrittenTable;
import java.util.List;

/**
 * The reference tables beside the price tables: {@code providers} (NPPES, one row per NPI) and
 * {@code taxonomies} (the NUCC health care provider taxonomy code set). Neither is partitioned:
 * each load replaces the whole table ({@link ReplacedTable}).
 */
public final class ProviderTables {
  public static final String PROVIDERS = "providers";
  public static final String TAXONOMIES = "taxonomies";

  /** The providers columns, in file order. */
  public static final List<String> PROVIDER_COLUMNS = List.of(
      "npi", "entity_type", "name", "credential", "city", "state", "zip5",
      "primary_taxonomy_code", "taxonomy_codes", "deactivation_date", "reactivation_date");

  /** The taxonomies columns, in file order. */
  public static final List<String> TAXONOMY_COLUMNS = List.of(
      "code", "taxonomy_group", "classification", "specialization", "display_name");

  public static final WrittenTable PROVIDERS_TABLE =
      new WrittenTable(PROVIDERS, false, PROVIDER_COLUMNS, List.of());
  public static final WrittenTable TAXONOMIES_TABLE =
      new WrittenTable(TAXONOMIES, false, TAXONOMY_COLUMNS, List.of());

  /** In the order {@code catalog register} registers them, after the tables of the ingest. */
  public static final List<WrittenTable> ALL = List.of(PROVIDERS_TABLE, TAXONOMIES_TABLE);

  private ProviderTables() {}
}
