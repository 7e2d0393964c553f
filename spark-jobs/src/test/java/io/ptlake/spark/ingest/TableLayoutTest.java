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
  /**
   * The sources' source_id, the partition folders' key: SHA-256 of the URI, first 8 bytes in hex
   * ({@code printf %s s3://payer/a.json.gz | sha256sum | cut -c1-16}).
   */
  private static final String A_ID = "4e04330720491900";
  private static final String B_ID = "f7713f85b2808b73";
  private static final int BUCKETS = 4;

  @TempDir static Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  /**
   * The same rows as the billing_code layout; one folder per source; every file holds the rows of
   * the bucket its name says, sorted by billing_code, so Athena's and Spark's bucket pruning read
   * the right file and min/max statistics skip the other codes' row groups; a reload of A
   * rewrites A's folder only.
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
        "snapshot_month=2024-05/source_id=" + A_ID,
        "snapshot_month=2024-05/source_id=" + B_ID);
    Path location = TableFiles.location(spark, DATABASE + ".by_source");
    List<Path> files = TableFiles.parquetFiles(location);
    // A's two codes, B's one code: one file per (source, bucket) holding rows.
    assertThat(files).hasSize(bucketsOf(List.of("27447", "99213")) + 1);
    files.forEach(TableLayoutTest::assertBucketFileInCodeOrder);
    Path bFolder = location.resolve("snapshot_month=2024-05").resolve("source_id=" + B_ID);
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

  /**
   * A bucket above the target file size: a giant code's bucket (24 of the source's 26 rates) is
   * spread over several files by rate record, each file its own task's, while the other bucket
   * keeps one; every row kept, every file in its bucket and in billing_code order.
   */
  @Test
  void aBucketAboveTheTargetFileSizeIsSpreadOverSeveralFiles() throws IOException {
    PreprocessedFixture giant = PreprocessedFixture.source(A)
        .header("last_updated_on", "2024-05-01")
        .items("{\"item\":0,\"billing_code\":\"99213\",\"negotiated_rates_count\":24}",
            "{\"item\":1,\"billing_code\":\"27447\",\"negotiated_rates_count\":2}");
    String[] rates = new String[26];
    for (int i = 0; i < 24; i++) {
      rates[i] = "{\"item\":0,\"provider_groups\":[{\"npi\":[" + (1000000000L + i) + "]}],"
          + "\"negotiated_prices\":[{\"negotiated_rate\":" + (i + 1) + "}]}";
    }
    rates[24] = "{\"item\":1,\"provider_groups\":[{\"npi\":[2000000000]}],"
        + "\"negotiated_prices\":[{\"negotiated_rate\":5}]}";
    rates[25] = "{\"item\":1,\"provider_groups\":[{\"npi\":[2000000001]}],"
        + "\"negotiated_prices\":[{\"negotiated_rate\":6}]}";
    Path dir = dir("giant", giant.rates(rates).expectedRows(26));
    // 2 buckets (99213 in 0, 27447 in 1) of 26 rows × 10 bytes, 40-byte files: 24/26 of the bytes
    // make 6 files, 2/26 make 1.
    int giantBucket = spark.sql("SELECT pmod(hash('99213'), 2)").first().getInt(0);
    assertThat(spark.sql("SELECT pmod(hash('27447'), 2)").first().getInt(0))
        .isEqualTo(1 - giantBucket);

    RateExplodeJob.run(spark, IngestConfig.of(List.of(dir.toString()))
        .withTable(DATABASE, "spread").withBuckets(2).withNormalized(false)
        .withTargetFileBytes(40));

    assertThat(spark.table(DATABASE + ".spread").count()).isEqualTo(26);
    assertThat(spark.sql("SELECT count(DISTINCT npi), sum(negotiated_rate) FROM " + DATABASE
        + ".spread WHERE billing_code = '99213'").first().toString())
        .isEqualTo("[24,300.0000000000]");
    List<Path> files = TableFiles.parquetFiles(TableFiles.location(spark, DATABASE + ".spread"));
    Map<Integer, Integer> filesPerBucket = new TreeMap<>();
    for (Path file : files) {
      filesPerBucket.merge(
          BucketFiles.bucketId(file.getFileName().toString()).orElseThrow(), 1, Integer::sum);
      assertBucketFileInCodeOrder(file, 2);
    }
    // The giant bucket's 6 tasks each get the rate records whose hash (Spark's Murmur3 of the
    // record's providers and prices, fixed seed) is theirs modulo 6: these 24 records reach all 6.
    assertThat(filesPerBucket.get(giantBucket)).isEqualTo(6);
    assertThat(filesPerBucket.get(1 - giantBucket)).isEqualTo(1);
    assertThat(files.stream().map(file -> file.getFileName().toString().substring(0, 10))
        .distinct()).as("one task per file").hasSameSizeAs(files);
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

  private static void assertBucketFileInCodeOrder(Path file) {
    assertBucketFileInCodeOrder(file, BUCKETS);
  }

  private static void assertBucketFileInCodeOrder(Path file, int buckets) {
    int bucket = BucketFiles.bucketId(file.getFileName().toString()).orElseThrow();
    List<Row> inFile = spark.read().parquet(file.toString())
        .select(col("billing_code"), pmod(hash(col("billing_code")), lit(buckets)).as("bucket"))
        .collectAsList();
    assertThat(inFile).as(file.toString()).isNotEmpty().allMatch(row -> row.getInt(1) == bucket);
    assertThat(inFile).as("sorted by billing_code: " + file)
        .isSortedAccordingTo(Comparator.comparing(row -> row.getString(0)));
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
