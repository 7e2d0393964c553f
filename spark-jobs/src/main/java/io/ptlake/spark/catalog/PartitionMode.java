package io.ptlake.spark.catalog;

import java.util.Locale;

/**
 * How Athena finds the (snapshot_month, billing_code) partitions of the table. See
 * glue-scripts/README.md for the trade-off.
 */
public enum PartitionMode {
  /**
   * Partition projection (snapshot_month a {@code date} range of months, billing_code
   * {@code injected}): no partition is stored in the catalog and Athena builds each partition's
   * location from the months of the range and the code the query names. Nothing to register after
   * an ingest, but every query must name billing_code with equality conditions.
   */
  PROJECTION,

  /**
   * Every partition stored in the Glue catalog ({@code BatchCreatePartition}): any query works,
   * including scans over all codes, at the cost of registering new partitions after each ingest
   * and of Athena's partition lookups on ~10–20 thousand partitions.
   */
  CATALOG;

  /** The name as written on the command line. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
