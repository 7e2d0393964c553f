package io.ptlake.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.SparkSessionFactory;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.IngestReport;
import io.ptlake.spark.ingest.RateExplodeJob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both sides of the ingest benchmark on one small generated file, in one session: ptlake's table
 * holds the generator's expected rows, and the baseline's holds exactly those minus the rows its
 * plain explodes and FULL OUTER join lose, which {@link RowComparison} counts from ptlake's table
 * (per billing code); and the DuckDB peer writes exactly ptlake's rows. The benchmark itself is
 * never run by tests.
 */
class BaselineSmokeTest {
  @TempDir static Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkSessionFactory.localBuilder(tmp.resolve("warehouse"), "local[2]")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void baselineLosesExactlyTheRowsWithoutAReferencedNpi() throws Exception {
    Path source = tmp.resolve("source.json.gz");
    // Every kind of row the baseline loses, a few times each: inline groups, undefined ids,
    // entries without groups, empty npi lists; and TIN-level npi [0], which both keep.
    ExpectedCounts expected = TicFileGenerator.write(GeneratorSpec.builder()
        .seed(7)
        .items(12)
        .gzip(true)
        .remoteReferenceFraction(0)
        .undefinedReferenceFraction(0.05)
        .emptyReferenceFraction(0.05)
        .emptyNpiGroupFraction(0.05)
        .build(), source);
    Path chunks = tmp.resolve("ptlake-chunks");
    new Preprocessor(PreprocessConfig.builder(source.toString(), chunks).build()).run();
    IngestReport report = RateExplodeJob.run(spark,
        IngestConfig.of(List.of(chunks.toString())).withNormalized(false));
    Path blogChunks = tmp.resolve("baseline-chunks");
    BlogChunkSplitter.Result split = BlogChunkSplitter.split(source, blogChunks);
    AwsBlogBaselineJob.run(spark, List.of(blogChunks));

    Path warehouse = tmp.resolve("warehouse");
    Path ptlakeTable = warehouse.resolve("ptlake.db").resolve("in_network_rates");
    Path baselineTable = warehouse.resolve("baseline.db").resolve("in_network_rates");
    RowComparison.Result compared =
        RowComparison.compare(spark, ptlakeTable.toString(), baselineTable.toString());

    assertThat(split.items()).isEqualTo(expected.inNetworkItems());
    assertThat(split.references()).isEqualTo(expected.providerReferences());
    assertThat(report.sources().get(0).writtenRows()).isEqualTo(expected.expectedRows());
    assertThat(ParquetStats.of(ptlakeTable).rows()).isEqualTo(expected.expectedRows());
    assertThat(compared.ptlakeRows()).isEqualTo(expected.expectedRows());
    assertThat(compared.inlineOrNoProvider()).isPositive();
    assertThat(compared.undefinedOrEmptyReference()).isPositive();
    assertThat(compared.emptyNpiList()).isPositive();
    assertThat(compared.baselineRows())
        .isEqualTo(compared.predictedBaselineRows())
        .isEqualTo(ParquetStats.of(baselineTable).rows())
        .isLessThan(expected.expectedRows());
    assertThat(compared.codesDiffering()).isZero();

    Path duckOut = tmp.resolve("duckdb-peer");
    assertThat(DuckDbPeer.write(duckOut, 2, List.of(chunks)))
        .containsExactly(expected.expectedRows());
    String ours = "(SELECT * EXCLUDE (snapshot_month, source_id) FROM read_parquet('"
        + ptlakeTable.resolve("**/*.parquet") + "', hive_partitioning = true))";
    String peers = "read_parquet('" + duckOut.resolve("*.parquet") + "')";
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement()) {
      assertThat(count(sql, "SELECT * FROM " + ours + " EXCEPT ALL SELECT * FROM " + peers))
          .as("rows only ptlake holds").isZero();
      assertThat(count(sql, "SELECT * FROM " + peers + " EXCEPT ALL SELECT * FROM " + ours))
          .as("rows only the DuckDB peer holds").isZero();
    }
  }

  private static long count(Statement sql, String query) throws SQLException {
    try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM (" + query + ")")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
