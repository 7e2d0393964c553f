package io.ptlake.spark.ingest;

/** The table format of {@code in_network_rates}; the normalized tables and rejects stay Hive-style. */
public enum TableFormat {
  /**
   * Parquet folders per partition, registered in the Hive metastore or Glue: what every engine
   * reads, but a merge replaces partition folders one by one ({@link HiveTableWriter}).
   */
  HIVE,
  /**
   * Apache Iceberg in the Spark catalog {@value IcebergTableWriter#CATALOG}: every write is one
   * atomic snapshot ({@link IcebergTableWriter}).
   */
  ICEBERG;

  /** How Spark SQL names the table {@code database.table} when it has this format. */
  public String sparkName(String qualifiedTable) {
    return this == ICEBERG ? IcebergTableWriter.CATALOG + "." + qualifiedTable : qualifiedTable;
  }
}
