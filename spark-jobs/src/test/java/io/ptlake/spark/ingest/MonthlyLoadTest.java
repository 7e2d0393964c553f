package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotent monthly loads (WriteMode.MERGE): reruns replace, other months and sources stay. */
class MonthlyLoadTest {
  private static final String DATABASE = "monthly_load_test";
  private static final String A = "s3://payer/a.json.gz";
  private static final String B = "s3://payer/b.json.gz";

  @TempDir static Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  /**
   * Codes 27447 (id 1, two NPIs × one price = 2 rows) and 99213 (ids 1 and the undefined 2 × two
   * prices = 6 rows): 8 rows; {@code rate} tells one load's rows from another's.
   */
  static PreprocessedFixture twoCodes(String uri, String lastUpdatedOn, String rate) {
    return PreprocessedFixture.source(uri)
        .header("last_updated_on", lastUpdatedOn)
        .items("{\"item\":0,\"billing_code\":\"27447\"}", "{\"item\":1,\"billing_code\":\"99213\"}")
        .references("{\"provider_group_id\":\"1\",\"provider_groups\":["
            + "{\"npi\":[1111111111,2222222222],\"tin\":{\"type\":\"ein\",\"value\":\"1\"}}]}")
        .rates(
            "{\"item\":0,\"provider_references\":[\"1\"],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":" + rate + "}]}",
            "{\"item\":1,\"provider_references\":[\"1\",\"2\"],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":0.1},{\"negotiated_rate\":0.2}]}")
        .expectedRows(8)
        .undefinedReferenceIds(1);
  }

  /** Code 99213 only: one price for NPI 3333333333 = 1 row. */
  static PreprocessedFixture oneCode(String uri, String lastUpdatedOn) {
    return PreprocessedFixture.source(uri)
        .header("last_updated_on", lastUpdatedOn)
        .items("{\"item\":0,\"billing_code\":\"99213\"}")
        .rates("{\"item\":0,\"provider_groups\":[{\"npi\":[3333333333]}],"
            + "\"negotiated_prices\":[{\"negotiated_rate\":7.5}]}")
        .expectedRows(1);
  }

  @Test
  void loadingTheSameSourceTwiceLeavesTheTableAsTheFirstLoadWroteIt() {
    String table = "twice";
    Path dir = dir(table + "-a", twoCodes(A, "2024-05-01", "1.5"));
    load(table, dir);
    List<String> first = rows(table);

    IngestReport second = load(table, dir);

    assertThat(second.writtenRows()).isEqualTo(8);
    assertThat(spark.table(DATABASE + "." + table).count()).isEqualTo(8);
    assertThat(rows(table)).isEqualTo(first);
  }

  @Test
  void loadingAnotherMonthAddsItWithoutRewritingAnyFileOfTheOtherMonth() throws IOException {
    String table = "months";
    load(table, dir(table + "-may", twoCodes(A, "2024-05-01", "1.5")));
    Path may = TableFiles.location(spark, DATABASE + "." + table).resolve("snapshot_month=2024-05");
    Map<String, Long> mayFiles = filesWithModificationTimes(may);

    load(table, dir(table + "-june", twoCodes(A, "2024-06-15", "1.5")));

    assertThat(countsByMonthAndSource(table)).isEqualTo(Map.of(
        "2024-05|" + A, 8L, "2024-06|" + A, 8L));
    assertThat(filesWithModificationTimes(may)).isEqualTo(mayFiles);
  }

  @Test
  void reloadingAChangedSourceReplacesItsRowsAndKeepsOtherSourcesRows() {
    String table = "reload";
    load(table, dir(table + "-a", twoCodes(A, "2024-05-01", "1.5")),
        dir(table + "-b", oneCode(B, "2024-05-20")));

    // A republished in the same month without code 27447: its old rows there must not linger.
    IngestReport reload = load(table, dir(table + "-a2", oneCode(A, "2024-05-31")));

    assertThat(reload.writtenRows()).isEqualTo(1);
    assertThat(countsByMonthAndSource(table)).isEqualTo(Map.of(
        "2024-05|" + A, 1L, "2024-05|" + B, 1L));
    assertThat(spark.sql("SHOW PARTITIONS " + DATABASE + "." + table).collectAsList())
        .map(row -> row.getString(0))
        .containsExactly("snapshot_month=2024-05/billing_code=99213");
    assertThat(rows(table)).containsExactly(
        "s3://payer/a.json.gz|99213|3333333333|7.5000000000",
        "s3://payer/b.json.gz|99213|3333333333|7.5000000000");
  }

  /**
   * The state a merge killed inside Spark's partition swap leaves: its staging folder complete
   * ({@code _SUCCESS}), partition 99213 deleted from the table and not yet renamed (its rows,
   * other sources' included, only in the staging folder), and 27447 a partition the commit had
   * not registered yet. Beside it, the staging folder of an overwrite killed before its commit.
   * The next write must finish the swap, not delete the staged rows, and drop the other.
   */
  @Test
  void theNextWriteFinishesAPartitionSwapAKilledMergeLeftAndRemovesUncommittedStaging()
      throws IOException {
    String table = "swap";
    load(table, dir(table + "-a", twoCodes(A, "2024-05-01", "1.5")),
        dir(table + "-b", oneCode(B, "2024-05-20")));
    List<String> before = rows(table);
    Path location = TableFiles.location(spark, DATABASE + "." + table);
    Path month = Path.of("snapshot_month=2024-05");
    Path committed = location.resolve(".spark-staging-killed-in-commit");
    Files.createDirectories(committed.resolve(month));
    Files.move(location.resolve(month).resolve("billing_code=99213"),
        committed.resolve(month).resolve("billing_code=99213"));
    Files.move(location.resolve(month).resolve("billing_code=27447"),
        committed.resolve(month).resolve("billing_code=27447"));
    spark.sql("ALTER TABLE " + DATABASE + "." + table
        + " DROP PARTITION (snapshot_month = '2024-05', billing_code = '27447')");
    Files.createFile(committed.resolve("_SUCCESS"));
    Path uncommitted = location.resolve(".spark-staging-killed-before-commit")
        .resolve("_temporary").resolve("0").resolve("task_1").resolve(month)
        .resolve("billing_code=99213");
    Files.createDirectories(uncommitted);
    Files.copy(TableFiles.parquetFiles(committed).get(0), uncommitted.resolve("part-1.parquet"));
    spark.catalog().refreshTable(DATABASE + "." + table);
    assertThat(spark.table(DATABASE + "." + table).count()).as("rows while killed").isZero();

    load(table, dir(table + "-c", oneCode("s3://payer/c.json.gz", "2024-06-03")));

    List<String> expected = new java.util.ArrayList<>(before);
    expected.add("s3://payer/c.json.gz|99213|3333333333|7.5000000000");
    assertThat(rows(table)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(spark.sql("SHOW PARTITIONS " + DATABASE + "." + table).collectAsList())
        .map(row -> row.getString(0))
        .containsExactly("snapshot_month=2024-05/billing_code=27447",
            "snapshot_month=2024-05/billing_code=99213",
            "snapshot_month=2024-06/billing_code=99213");
    try (Stream<Path> left = Files.list(location)) {
      assertThat(left.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder("snapshot_month=2024-05", "snapshot_month=2024-06",
              "_SUCCESS");
    }
  }

  @Test
  void overwriteRebuildsTheTableFromTheGivenSourcesOnly() {
    String table = "rebuilt";
    load(table, dir(table + "-a", twoCodes(A, "2024-05-01", "1.5")));

    RateExplodeJob.run(spark, config(table, dir(table + "-b", oneCode(B, "2024-06-01")))
        .withMode(WriteMode.OVERWRITE));

    assertThat(countsByMonthAndSource(table)).isEqualTo(Map.of("2024-06|" + B, 1L));
  }

  private static IngestReport load(String table, Path... dirs) {
    return RateExplodeJob.run(spark, config(table, dirs));
  }

  private static IngestConfig config(String table, Path... dirs) {
    return IngestConfig.of(Stream.of(dirs).map(Path::toString).toList())
        .withTable(DATABASE, table).withLayout(TableLayout.BILLING_CODE).withBuckets(1);
  }

  private static List<String> rows(String table) {
    return RowCells.sortedLines(spark.sql("SELECT source_file, billing_code, npi, negotiated_rate"
        + " FROM " + DATABASE + "." + table).collectAsList());
  }

  private static Map<String, Long> countsByMonthAndSource(String table) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row row : spark.sql("SELECT snapshot_month, source_file, count(*) FROM " + DATABASE + "."
        + table + " GROUP BY 1, 2").collectAsList()) {
      counts.put(row.getString(0) + "|" + row.getString(1), row.getLong(2));
    }
    return counts;
  }

  private static Map<String, Long> filesWithModificationTimes(Path dir) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    for (Path file : TableFiles.parquetFiles(dir)) {
      files.put(dir.relativize(file).toString(), Files.getLastModifiedTime(file).toMillis());
    }
    return files;
  }

  private static Path dir(String name, PreprocessedFixture fixture) {
    return fixture.writeToNew(tmp, name);
  }
}
