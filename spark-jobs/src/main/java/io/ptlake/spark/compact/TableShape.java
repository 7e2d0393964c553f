package io.ptlake.spark.compact;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.BucketSpec;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * How a Hive-style table is cut, as its catalog entry says: partition columns, Spark buckets and
 * the sort order each bucket file keeps. A compaction writes the same shape back.
 *
 * @param table {@code database.table}
 * @param location the table's folder
 * @param partitionColumns in folder order
 * @param bucketColumns empty for a table without buckets
 * @param buckets the bucket count; 1 without buckets
 * @param sortColumns the declared sort columns of each bucket file
 */
record TableShape(String table, String location, List<String> partitionColumns,
    List<String> bucketColumns, int buckets, List<String> sortColumns) {
  TableShape {
    partitionColumns = List.copyOf(partitionColumns);
    bucketColumns = List.copyOf(bucketColumns);
    sortColumns = List.copyOf(sortColumns);
  }

  /** The shape of {@code table}; fails with a message naming it when the catalog has no such table. */
  static TableShape of(SparkSession spark, String table) {
    String[] parts = table.split("\\.", 2);
    CatalogTable meta;
    try {
      meta = spark.sessionState().catalog()
          .getTableMetadata(new TableIdentifier(parts[1], Option.apply(parts[0])));
    } catch (org.apache.spark.sql.AnalysisException e) {
      throw new CompactException("Cannot compact " + table + " because the catalog does not"
          + " describe it: " + e.getMessage(), e);
    }
    List<String> bucketColumns = List.of();
    List<String> sortColumns = List.of();
    int buckets = 1;
    if (meta.bucketSpec().isDefined()) {
      BucketSpec spec = meta.bucketSpec().get();
      bucketColumns = JavaConverters.seqAsJavaList(spec.bucketColumnNames());
      sortColumns = JavaConverters.seqAsJavaList(spec.sortColumnNames());
      buckets = spec.numBuckets();
    }
    return new TableShape(table, meta.location().toString(),
        JavaConverters.seqAsJavaList(meta.partitionColumnNames()), bucketColumns, buckets,
        sortColumns);
  }

  boolean bucketed() {
    return !bucketColumns.isEmpty();
  }

  /**
   * The order of the rows in every file written: the bucket columns, then the declared sort
   * columns. Readers skip row groups by their min/max, so the order matters even where the catalog
   * declares none (a table registered by hand, or by Glue without a sort spec).
   */
  List<String> rowOrder() {
    LinkedHashSet<String> order = new LinkedHashSet<>(bucketColumns);
    order.addAll(sortColumns);
    return new ArrayList<>(order);
  }
}
