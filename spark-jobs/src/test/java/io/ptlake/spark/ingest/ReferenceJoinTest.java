package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.spark.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The join of rates to provider references takes both physical paths with the same rows: a
 * broadcast hash join while the references fit under Spark's broadcast threshold (the usual file:
 * references are small next to the rates), a shuffled sort-merge join when they do not (payers
 * whose provider_references run to gigabytes). Spark picks by the chunks' size; the threshold
 * ({@code spark.sql.autoBroadcastJoinThreshold}, 10 MB by default, also used by AQE at run time)
 * is the knob, and both settings are exercised here.
 */
class ReferenceJoinTest {
  private static final String THRESHOLD = "spark.sql.autoBroadcastJoinThreshold";

  private static SparkSession spark;
  private static List<PreprocessedSource> sources;

  @BeforeAll
  static void sources(@TempDir Path tmp) throws Exception {
    spark = SharedSpark.session();
    Path dir = PreprocessedFixture.source("s3://payer/joins.json.gz")
        .header("last_updated_on", "2024-05-01")
        .items("{\"item\":0,\"billing_code\":\"27447\"}", "{\"item\":1,\"billing_code\":\"99213\"}")
        .references(
            "{\"provider_group_id\":\"1\",\"provider_groups\":[{\"npi\":[11,12],"
                + "\"tin\":{\"type\":\"ein\",\"value\":\"t1\"}}]}",
            "{\"provider_group_id\":\"2\",\"provider_groups\":[{\"npi\":[21],"
                + "\"tin\":{\"type\":\"ein\",\"value\":\"t2\"}},{\"npi\":[22,23],"
                + "\"tin\":{\"type\":\"npi\",\"value\":\"22\"}}]}")
        .rates(
            // ids 1 and 2 (2 + 3 NPIs) and the undefined 9 (one row, null provider), 2 prices
            "{\"item\":0,\"provider_references\":[\"1\",\"2\",\"9\"],\"negotiated_prices\":"
                + "[{\"negotiated_rate\":1.5},{\"negotiated_rate\":2.5}]}",
            // an inline group (1 NPI) beside id 1 (2 NPIs), 1 price
            "{\"item\":1,\"provider_references\":[\"1\"],\"provider_groups\":[{\"npi\":[31],"
                + "\"tin\":{\"type\":\"ein\",\"value\":\"t3\"}}],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":7}]}")
        .expectedRows(2 * (2 + 3 + 1) + (1 + 2))
        .undefinedReferenceIds(1)
        .writeToNew(tmp, "joins");
    sources = List.of(
        PreprocessedSource.load(dir.toString(), spark.sessionState().newHadoopConf()));
  }

  @Test
  void smallReferencesAreBroadcastAndLargeOnesShuffledWithTheSameRows() {
    Joined broadcast = explodeWithThreshold("1g");
    Joined shuffled = explodeWithThreshold("-1");

    assertThat(broadcast.rows()).hasSize(15).isEqualTo(shuffled.rows());
    assertThat(broadcast.plan()).contains("BroadcastHashJoin").doesNotContain("SortMergeJoin");
    assertThat(shuffled.plan()).containsPattern("SortMergeJoin .*LeftOuter");
  }

  private record Joined(List<String> rows, String plan) {}

  private static Joined explodeWithThreshold(String threshold) {
    String previous = spark.conf().get(THRESHOLD);
    spark.conf().set(THRESHOLD, threshold);
    try {
      Dataset<Row> rows = RateExplodeJob.rows(spark, sources);
      List<String> lines = RowCells.sortedLines(rows.collectAsList());
      // After the action the adaptive plan is final: the joins as they ran.
      return new Joined(lines, rows.queryExecution().executedPlan().toString());
    } finally {
      spark.conf().set(THRESHOLD, previous);
    }
  }
}
