package io.ptlake.spark.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How {@code in_network_rates} is cut into folders and files. Both keep snapshot_month as the
 * first partition column (a monthly load never touches another month) and both let a query that
 * names one billing code read a small part of the month; they differ in the file count a load
 * writes and in what a reload rewrites (docs/layouts.md).
 */
public enum TableLayout {
  /**
   * Partitioned by (snapshot_month, billing_code), bucketed and sorted by npi: a query naming a
   * code reads its folder only, but every load writes at least one file per code it holds (10–20k
   * a month, ~27 KB each on a generated 300 MB file), and a reload rewrites every code partition
   * the source touches together with the other sources' rows there.
   */
  BILLING_CODE("billing_code", "npi", List.of("npi"), 1),
  /**
   * Partitioned by (snapshot_month, source_id), bucketed by billing_code, each file's rows in
   * billing_code order (not declared to Spark, which would sort them again: see
   * {@link HiveTableWriter#write(RateRows, List, org.apache.spark.sql.Dataset)}): a load writes
   * {@code buckets} files per source (more for a source above the target file size), a query
   * naming a code reads
   * one bucket file per source of the month (Athena prunes Spark buckets), and a reload overwrites
   * the source's own partition without reading any other source's rows.
   */
  SOURCE(ChunkReader.SOURCE_ID, "billing_code", List.of("billing_code"), 16);


  private final String secondPartitionColumn;
  private final String bucketColumn;
  private final List<String> sortColumns;
  private final int defaultBuckets;

  TableLayout(String secondPartitionColumn, String bucketColumn, List<String> sortColumns,
      int defaultBuckets) {
    this.secondPartitionColumn = secondPartitionColumn;
    this.bucketColumn = bucketColumn;
    this.sortColumns = sortColumns;
    this.defaultBuckets = defaultBuckets;
  }

  /** {@code --buckets} when not given (docs/layouts.md has the measurements). */
  public int defaultBuckets() {
    return defaultBuckets;
  }

  /** {@code snapshot_month} then the layout's own key, in folder order. */
  public List<String> partitionColumns() {
    return List.of(ChunkReader.SNAPSHOT_MONTH, secondPartitionColumn);
  }

  /** The table's columns in order: {@link RateRows#COLUMNS} with the partition columns last. */
  public List<String> columns() {
    List<String> columns = new ArrayList<>(RateRows.COLUMNS);
    columns.removeAll(partitionColumns());
    columns.addAll(partitionColumns());
    return List.copyOf(columns);
  }

  public String bucketColumn() {
    return bucketColumn;
  }

  /** Each bucket file's row order, ascending. */
  public List<String> sortColumns() {
    return sortColumns;
  }

  /** The value of {@code --layout}: the second partition column's name. */
  public String optionValue() {
    return secondPartitionColumn.equals(ChunkReader.SOURCE_ID) ? "source" : secondPartitionColumn;
  }

  public static TableLayout fromOptionValue(String value) {
    for (TableLayout layout : values()) {
      if (layout.optionValue().equals(value.toLowerCase(Locale.ROOT))) {
        return layout;
      }
    }
    throw new IllegalArgumentException("Unknown layout '" + value + "': expected one of "
        + Arrays.stream(values()).map(TableLayout::optionValue).toList());
  }

  /** The layout of a table partitioned by {@code partitionColumns}, or null for neither. */
  public static TableLayout of(List<String> partitionColumns) {
    for (TableLayout layout : values()) {
      if (layout.partitionColumns().equals(partitionColumns)) {
        return layout;
      }
    }
    return null;
  }
}
