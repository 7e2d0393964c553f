package io.ptlake.spark.catalog;

import java.util.List;

/**
 * One partition of a table: its values in partition-key order, and its folder (a URI).
 *
 * @param values partition values, unescaped ({@code 99213}, not Spark's path-escaped form)
 * @param location the partition's folder, as written
 *     ({@code .../snapshot_month=2024-05/billing_code=99213})
 */
public record TablePartition(List<String> values, String location) {
  public TablePartition {
    values = List.copyOf(values);
  }
}
