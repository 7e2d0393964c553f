package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.spark.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class HashPartitionKeysTest {
  /** What the write relies on: Spark's own repartition puts value i of n into task i. */
  @Test
  void eachPartitionValueLandsInItsOwnTaskOfSparksHashRepartition() {
    SparkSession spark = SharedSpark.session();
    for (int n : new int[] {1, 2, 16, 333}) {
      int[] values = HashPartitionKeys.of(n);
      List<Integer> boxed = new ArrayList<>();
      for (int value : values) {
        boxed.add(value);
      }
      List<Row> placed = spark.createDataset(boxed, Encoders.INT()).toDF("task")
          .repartition(n, col("task"))
          .select(col("task"), spark_partition_id())
          .collectAsList();
      assertThat(placed).as("n = " + n).hasSize(n)
          .allSatisfy(row -> assertThat(values[row.getInt(1)]).isEqualTo(row.getInt(0)));
    }
  }
}
