package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the exploded rows as the catalog table: Parquet, partitioned by billing_code (every
 * analyst query names one), bucketed and sorted by npi within each partition (lookups of one
 * provider read one file and skip row groups).
 */
final class RateTableWriter {
  static final String PARTITION_COLUMN = "billing_code";
  static final String BUCKET_COLUMN = "npi";

  private final SparkSession spark;
  private final IngestConfig config;

  RateTableWriter(SparkSession spark, IngestConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Fails before anything is written when append mode would add a source file twice. */
  void refuseSourcesAlreadyWritten(List<String> sourceFiles) {
    if (config.mode() != WriteMode.APPEND || !spark.catalog().tableExists(config.qualifiedTable())) {
      return;
    }
    List<String> present = spark.table(config.qualifiedTable())
        .select(ChunkReader.SOURCE_FILE)
        .where(col(ChunkReader.SOURCE_FILE).isin(sourceFiles.toArray()))
        .distinct()
        .as(Encoders.STRING())
        .collectAsList();
    if (!present.isEmpty()) {
      throw new IngestException("Cannot append to " + config.qualifiedTable()
          + " because it already holds rows of " + present.stream().sorted().toList()
          + "; use --mode overwrite to rebuild the table");
    }
  }

  void write(Dataset<Row> rows) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + config.database());
    rows
        // One task per billing code, so each (partition, bucket) gets one file per write
        // instead of one per task that happened to hold some of its rows.
        .repartition(col(PARTITION_COLUMN))
        .write()
        .format("parquet")
        .mode(config.mode() == WriteMode.APPEND ? SaveMode.Append : SaveMode.Overwrite)
        .partitionBy(PARTITION_COLUMN)
        .bucketBy(config.buckets(), BUCKET_COLUMN)
        .sortBy(BUCKET_COLUMN)
        .saveAsTable(config.qualifiedTable());
  }
}
