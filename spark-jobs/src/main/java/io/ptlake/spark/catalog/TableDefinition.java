package io.ptlake.spark.catalog;

import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * A partitioned, bucketed Parquet table as the catalog should describe it: what the registrar
 * writes, independent of Spark.
 *
 * @param database catalog database
 * @param databaseLocation where the database's tables live (Spark's {@code <warehouse>/<db>.db});
 *     null to leave it unset
 * @param table table name
 * @param location the table's root folder, a URI ({@code s3://bucket/prefix}); partitions are its
 *     {@code <key>=<value>} sub-folders
 * @param description the table's comment
 * @param columns data columns in file order, with Hive types
 * @param partitionKeys partition columns, with Hive types
 * @param bucketColumns columns Spark hashed into buckets
 * @param numberOfBuckets buckets per partition, as written by Spark's {@code bucketBy}
 * @param sortColumns columns each bucket file is sorted by, ascending
 */
public record TableDefinition(
    String database,
    String databaseLocation,
    String table,
    String location,
    String description,
    List<Column> columns,
    List<Column> partitionKeys,
    List<String> bucketColumns,
    int numberOfBuckets,
    List<String> sortColumns) {

  public TableDefinition {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(location, "location");
    columns = List.copyOf(columns);
    partitionKeys = List.copyOf(partitionKeys);
    bucketColumns = List.copyOf(bucketColumns);
    sortColumns = List.copyOf(sortColumns);
    if (numberOfBuckets < 1) {
      throw new IllegalArgumentException("Cannot describe " + database + "." + table + " with "
          + numberOfBuckets + " buckets: expected at least 1");
    }
  }

  public String qualifiedName() {
    return database + "." + table;
  }
}
