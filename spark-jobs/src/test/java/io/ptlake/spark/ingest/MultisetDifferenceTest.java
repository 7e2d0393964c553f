package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.spark.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The one-job comparison against the four jobs it stands for (counts and both exceptAll). */
class MultisetDifferenceTest {
  @Test
  void countsCopiesOnEachSideAsExceptAllDoes() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> left = spark.createDataset(java.util.Arrays.asList("a", "a", "b", null, null),
        Encoders.STRING()).toDF("v").selectExpr("v", "array(v) AS vs");
    Dataset<Row> right = spark.createDataset(java.util.Arrays.asList("a", "b", "b", "c", null),
        Encoders.STRING()).toDF("w").selectExpr("w", "array(w) AS ws");

    MultisetDifference compared = MultisetDifference.of(left, right);

    assertThat(List.of(compared.leftRows(), compared.rightRows(), compared.onlyLeft(),
        compared.onlyRight())).containsExactly(5L, 5L, 2L, 2L)
        .containsExactly(left.count(), right.count(), left.exceptAll(right).count(),
            right.exceptAll(left).count());
    assertThat(MultisetDifference.of(left, left))
        .isEqualTo(new MultisetDifference(5, 5, 0, 0));
  }
}
