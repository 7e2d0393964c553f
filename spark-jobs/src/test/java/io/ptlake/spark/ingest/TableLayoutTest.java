package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import io.ptlake.spark.catalog.BucketFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --layout source}: partitions per (month, source), buckets on billing_code. */
class TableLayoutTest {
  private static final String DATABASE = "table_layout_test";
  private static final String A = "s3://payer/a.json.gz";
  private static final String B = "s3://payer/b.json.gz";
  private static final int BUCKETS = 4;

  @TempDir static Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  /**
   * The same rows as the billing_code layout; one folder per source; every file holds the rows of
   * the bucket its name says, sorted by (billing_code, npi), so Athena's and Spark's bucket pruning
   * read the right file; a reload of A rewrites A's folder only.
   */
  @Test
  void sourceLayoutHoldsTheSameRowsInOneBucketedPartitionPerSourceAndReloadsOnlyItsOwn()
      throws IOException {
    Path a = dir("a", MonthlyLoadTest.twoCodes(A, "2024-05-01", "1.5"));
    Path b = dir("b", MonthlyLoadTest.oneCode(B, "2024-05-20"));
    load("by_code", TableLayout.BILLING_CODE, 1, a, b);
    load("by_source", TableLayout.SOURCE, BUCKETS, a, b);

    assertThat(rows("by_source")).hasSize(9).isEqualTo(rows("by_code"));
    assertThat(partitions("by_source")).containsExactly(
        "snapshot_month=2024-05/source_id=" + sourceId(A),
        "snapshot_month=2024-05/source_id=" + sourceId(B));
    Path location = TableFiles.location(spark, DATABASE + ".by_source");
    List<Path> files = TableFiles.parquetFiles(location);
    // A's two codes, B's one code: one file per (source, bucket) holding rows.
    assertThat(files).hasSize(bucketsOf(List.of("27447", "99213")) + 1);
    for (Path file : files) {
      int bucket = BucketFiles.bucketId(file.getFileName().toString()).orElseThrow();
      List<Row> inFile = spark.read().parquet(file.toString())
          .select(col("billing_code"), col("npi"),
              pmod(hash(col("billing_code")), lit(BUCKETS)).as("bucket"))
          .collectAsList();
      assertThat(inFile).as(file.toString()).allMatch(row -> row.getInt(2) == bucket);
      assertThat(inFile).as("sorted by billing_code, npi (nulls first): " + file)
          .isSortedAccordingTo(Comparator.<Row, String>comparing(row -> row.getString(0))
              .thenComparing(row -> row.isNullAt(1) ? null : row.getLong(1),
                  Comparator.nullsFirst(Comparator.<Long>naturalOrder())));
    }
    Path bFolder = location.resolve("snapshot_month=2024-05").resolve("source_id=" + sourceId(B));
    Map<String, Long> bFiles = modificationTimes(bFolder);

    // A republished without code 27447: its old rows there go, B's files are not touched.
    load("by_source", TableLayout.SOURCE, BUCKETS, dir("a2", MonthlyLoadTest.oneCode(A,
        "2024-05-31")));

    assertThat(rows("by_source")).containsExactly(
        "99213|3333333333|7.5000000000|s3://payer/a.json.gz",
        "99213|3333333333|7.5000000000|s3://payer/b.json.gz");
    assertThat(modificationTimes(bFolder)).isEqualTo(bFiles);
    assertThat(TableFiles.parquetFiles(location)).hasSize(2);
  }

  @Test
  void aMergeIntoATableOfTheOtherLayoutIsRefusedAndLeavesItAsItWas() {
    Path a = dir("refused-a", MonthlyLoadTest.twoCodes(A, "2024-05-01", "1.5"));
    load("refused", TableLayout.BILLING_CODE, 1, a);
    List<String> before = rows("refused");

    assertThatThrownBy(() -> load("refused", TableLayout.SOURCE, BUCKETS,
        dir("refused-b", MonthlyLoadTest.oneCode(B, "2024-05-20"))))
        .isInstanceOf(IngestException.class)
        .hasMessage("Cannot merge into table_layout_test.refused because it is partitioned by"
            + " [snapshot_month, billing_code] (--layout billing_code) and this ingest writes it"
            + " partitioned by [snapshot_month, source_id] (--layout source); give the table's"
            + " --layout, or --mode overwrite to rebuild it in the new one");
    assertThat(rows("refused")).isEqualTo(before);
  }

  private static int bucketsOf(List<String> codes) {
    return (int) spark.createDataset(codes, org.apache.spark.sql.Encoders.STRING())
        .select(pmod(hash(col("value")), lit(BUCKETS))).distinct().count();
  }

  private static void load(String table, TableLayout layout, int buckets, Path... dirs) {
    RateExplodeJob.run(spark, IngestConfig.of(Stream.of(dirs).map(Path::toString).toList())
        .withTable(DATABASE, table).withLayout(layout).withBuckets(buckets).withNormalized(false));
  }

  private static List<String> rows(String table) {
    return RowCells.sortedLines(spark.sql("SELECT billing_code, npi, negotiated_rate, source_file"
        + " FROM " + DATABASE + "." + table).collectAsList());
  }

  private static List<String> partitions(String table) {
    return spark.sql("SHOW PARTITIONS " + DATABASE + "." + table).collectAsList().stream()
        .map(row -> row.getString(0)).toList();
  }

  private static String sourceId(String uri) {
    return spark.sql("SELECT DISTINCT source_id FROM " + DATABASE + ".by_code WHERE source_file = '"
        + uri + "'").first().getString(0);
  }

  private static Map<String, Long> modificationTimes(Path dir) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    for (Path file : TableFiles.parquetFiles(dir)) {
      files.put(file.getFileName().toString(), Files.getLastModifiedTime(file).toMillis());
    }
    return files;
  }

  private static Path dir(String name, PreprocessedFixture fixture) {
    return fixture.writeToNew(tmp, name);
  }
}
