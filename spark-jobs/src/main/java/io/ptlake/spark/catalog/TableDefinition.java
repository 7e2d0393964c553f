package io.ptlake.spark.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * A Parquet table, partitioned and bucketed or not, as the catalog should describe it: what the registrar
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
 * @param bucketColumns columns Spark hashed into buckets; empty for a table not bucketed
 * @param numberOfBuckets buckets per partition, as written by Spark's {@code bucketBy};
 *     {@link #NOT_BUCKETED} for a table not bucketed
 * @param sortColumns columns each bucket file is sorted by, ascending
 * @param projection the partition projection parameters of {@link PartitionMode#PROJECTION}
 *     ({@code projection.<key>.type} and its settings, one set per partition key), in order;
 *     {@code projection.enabled} and {@code storage.location.template} are added from the keys.
 *     Empty for a table whose keys cannot be projected usefully (an injected source_id would make
 *     every query name a source): its partitions are registered in the catalog in either mode
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

  /** Hive's and Glue's number of buckets of a table that is not bucketed. */
  public static final int NOT_BUCKETED = -1;

  public TableDefinition {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(location, "location");
    columns = List.copyOf(columns);
    partitionKeys = List.copyOf(partitionKeys);
    bucketColumns = List.copyOf(bucketColumns);
    sortColumns = List.copyOf(sortColumns);
    projection = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(projection));
    for (Column key : projection.isEmpty() ? List.<Column>of() : partitionKeys) {
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
    if (bucketColumns.isEmpty() ? numberOfBuckets != NOT_BUCKETED : numberOfBuckets < 1) {
      throw new IllegalArgumentException("Cannot describe " + database + "." + table + " with "
          + numberOfBuckets + " buckets on " + bucketColumns + ": expected at least 1, or "
          + NOT_BUCKETED + " without bucket columns");
    }
  }

  public boolean bucketed() {
    return !bucketColumns.isEmpty();
  }

  /**
   * How this table's partitions are found when {@code requested} is asked for: projection only
   * where the table has keys and a projection for them; an unpartitioned table is
   * {@link PartitionMode#CATALOG} with no partition.
   */
  public PartitionMode partitionMode(PartitionMode requested) {
    return partitionKeys.isEmpty() || projection.isEmpty() ? PartitionMode.CATALOG : requested;
  }

  public String qualifiedName() {
    return database + "." + table;
  }
}
