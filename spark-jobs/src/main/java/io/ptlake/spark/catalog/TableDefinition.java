package io.ptlake.spark.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param projection the partition projection parameters of {@link PartitionMode#PROJECTION}
 *     ({@code projection.<key>.type} and its settings, one set per partition key), in order;
 *     {@code projection.enabled} and {@code storage.location.template} are added from the keys
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
    List<String> sortColumns,
    Map<String, String> projection) {

  public TableDefinition {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(location, "location");
    columns = List.copyOf(columns);
    partitionKeys = List.copyOf(partitionKeys);
    bucketColumns = List.copyOf(bucketColumns);
    sortColumns = List.copyOf(sortColumns);
    projection = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(projection));
    for (Column key : partitionKeys) {
      if (!projection.containsKey("projection." + key.name() + ".type")) {
        throw new IllegalArgumentException("Cannot describe " + database + "." + table
            + " without the projection type of its partition key " + key.name());
      }
    }
    for (String parameter : projection.keySet()) {
      if (partitionKeys.stream().noneMatch(
          key -> parameter.startsWith("projection." + key.name() + "."))) {
        throw new IllegalArgumentException("Cannot describe " + database + "." + table
            + " with the projection parameter " + parameter + ", which names no partition key");
      }
    }
    if (numberOfBuckets < 1) {
      throw new IllegalArgumentException("Cannot describe " + database + "." + table + " with "
          + numberOfBuckets + " buckets: expected at least 1");
    }
  }

  public String qualifiedName() {
    return database + "." + table;
  }
}
