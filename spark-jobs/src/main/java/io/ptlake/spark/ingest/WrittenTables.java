package io.ptlake.spark.ingest;

import java.util.List;

/**
 * The tables the ingest writes beside the rates table (and the reference tables beside them), as
 * they lie in the warehouse: name, columns
 * in file order and partition columns (the last columns, in folder order). Read from the ingest's
 * own constants so that the catalog's descriptions of them ({@code io.ptlake.spark.catalog}) cannot
 * drift from what is written.
 */
public final class WrittenTables {
  /**
   * One table written beside the rates table.
   *
   * @param name the table's name beside {@code in_network_rates}
   * @param normalized whether it is one of the normalized tables, named {@code <table>_<name>}
   *     beside a rates table not named {@code in_network_rates} ({@link
   *     IngestConfig#normalizedTable}); rejects is shared by every table of the database
   * @param columns every column in file order, partition columns last
   * @param partitionColumns partition columns in folder order; empty when unpartitioned
   * @param bucketColumn the column Spark hashes into {@code buckets} buckets per partition, each
   *     file sorted by it; null when not bucketed
   * @param buckets buckets per partition; ignored when not bucketed
   */
  public record WrittenTable(String name, boolean normalized, List<String> columns,
      List<String> partitionColumns, String bucketColumn, int buckets) {
    public WrittenTable {
      columns = List.copyOf(columns);
      partitionColumns = List.copyOf(partitionColumns);
    }

    /** A table that is not bucketed. */
    public WrittenTable(
        String name, boolean normalized, List<String> columns, List<String> partitionColumns) {
      this(name, normalized, columns, partitionColumns, null, 0);
    }

    /** The table's name beside the rates table {@code ratesTable}. */
    public String tableName(String ratesTable) {
      return !normalized || ratesTable.equals(IngestConfig.DEFAULT_TABLE)
          ? name : ratesTable + "_" + name;
    }
  }

  private static final List<String> MONTH = List.of(ChunkReader.SNAPSHOT_MONTH);
  private static final List<String> SOURCE =
      List.of(ChunkReader.SNAPSHOT_MONTH, ChunkReader.SOURCE_ID);

  public static final WrittenTable REJECTS = new WrittenTable(RejectsTable.NAME, false,
      RejectsTable.COLUMNS, SOURCE);
  /**
   * In in_network_rates' source layout: a load writes {@link NormalizedTables#RATE_BUCKETS} files
   * per source, not one per billing code.
   */
  public static final WrittenTable RATES = new WrittenTable(NormalizedTables.RATES, true,
      NormalizedRows.RATE_COLUMNS, SOURCE, NormalizedTables.RATE_BUCKET_COLUMN,
      NormalizedTables.RATE_BUCKETS);
  public static final WrittenTable PROVIDER_GROUPS = new WrittenTable(
      NormalizedTables.PROVIDER_GROUPS, true, NormalizedRows.GROUP_COLUMNS, List.of());
  public static final WrittenTable IN_NETWORK_ITEMS = new WrittenTable(NormalizedTables.ITEMS,
      true, NormalizedRows.ITEM_COLUMNS, MONTH);
  public static final WrittenTable FILES = new WrittenTable(NormalizedTables.FILES, true,
      NormalizedRows.FILE_COLUMNS, MONTH);

  /**
   * Allowed-amounts files, in in_network_rates' source layout: {@link AllowedAmountsTable#BUCKETS}
   * files per source, sorted by billing_code. Shared by every rates table of the database.
   */
  public static final WrittenTable ALLOWED_AMOUNTS = new WrittenTable(AllowedAmountsTable.NAME,
      false, AllowedAmountsRows.COLUMNS, SOURCE, AllowedAmountsTable.BUCKET_COLUMN,
      AllowedAmountsTable.BUCKETS);

  /** Plans of tables of contents and file headers; small, by month like in_network_items. */
  public static final WrittenTable PLANS = new WrittenTable(PlanTables.PLANS, false,
      PlanTables.PLAN_COLUMNS, MONTH);
  public static final WrittenTable PLAN_FILES = new WrittenTable(PlanTables.PLAN_FILES, false,
      PlanTables.PLAN_FILE_COLUMNS, MONTH);

  /** in_network_rates (or the table named in its place) in {@code layout}. */
  public static WrittenTable inNetworkRates(TableLayout layout, int buckets) {
    return new WrittenTable(IngestConfig.DEFAULT_TABLE, false, layout.columns(),
        layout.partitionColumns(), layout.bucketColumn(), buckets);
  }

  /** In the order {@code catalog register} registers them, after the rates table. */
  public static final List<WrittenTable> BESIDE_RATES = List.of(REJECTS, RATES, PROVIDER_GROUPS,
      IN_NETWORK_ITEMS, FILES, ALLOWED_AMOUNTS, PLANS, PLAN_FILES);

  private WrittenTables() {}
}
