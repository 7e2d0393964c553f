package io.ptlake.bench.ingest;

import java.nio.file.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The least any job writing ptlake's table can cost on this machine: its rows read back from
 * Parquet (vectorized, cheap) and written again as Parquet, with no JSON, explode, join, shuffle
 * or sort. Both jobs of the benchmark write about these rows (the baseline 17 % fewer); the time
 * of this step is a floor for either, and so bounds how many times faster one can be.
 *
 * <p>Usage: {@code ParquetFloor TABLE_DIR OUT_DIR WORK_DIR}; prints the rows written.
 */
public final class ParquetFloor {
  private ParquetFloor() {}

  public static void main(String[] args) {
    SparkSession spark = BenchSessions.local(Path.of(args[2]), "parquet-floor");
    try {
      // The source layout's partition values are folder names, not columns of its files.
      spark.read().parquet(args[0]).drop("snapshot_month", "source_id")
          .write().mode(SaveMode.Overwrite).parquet(args[1]);
      System.out.println(spark.read().parquet(args[1]).count());
    } finally {
      spark.stop();
    }
  }
}
