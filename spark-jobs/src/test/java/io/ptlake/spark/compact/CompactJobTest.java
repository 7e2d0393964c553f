package io.ptlake.spark.compact;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import io.ptlake.spark.catalog.BucketFiles;
import io.ptlake.spark.compact.CompactReport.TableReport;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.PreprocessedFixture;
import io.ptlake.spark.ingest.RateExplodeJob;
import io.ptlake.spark.ingest.TableFormat;
import io.ptlake.spark.ingest.TableLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compact job on tables real ingests wrote: the same rows before and after (as a multiset, every
 * column), the files per partition and bucket it promises, Spark's bucket file names and each
 * file's sort order, other months untouched, a second run that does nothing, and a failed run that
 * readers never see.
 */
class CompactJobTest {
  /** What Spark names a bucket file: task, write job uuid, bucket id, file counter. */
  private static final Pattern BUCKET_FILE =
      Pattern.compile("part-\\d{5}-[0-9a-f-]{36}_\\d{5}\\.c\\d{3}\\.snappy\\.parquet");

  @TempDir static Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  /**
   * --layout billing_code with two npi buckets and the normalized tables, after two loads into May
   * (each adds a file to every code partition and bucket it holds rows of), the second with June:
   * {@code --table all --month 2024-05} leaves one file per bucket (per partition, unbucketed) in
   * May and June as it was, and rates (one partition per source) as it was; a second run does
   * nothing.
   */
  @Test
  void compactsEveryTableOfTheMonthToOneFilePerBucketWithTheSameRows() throws IOException {
    String database = "compact_all";
    load(database, "in_network_rates", TableLayout.BILLING_CODE, 2, true,
        source("all-a", "2024-05-01", 1_000, "10", "11", "12", "13"));
    load(database, "in_network_rates", TableLayout.BILLING_CODE, 2, true,
        source("all-b", "2024-05-02", 2_000, "11", "12", "14"),
        source("all-d", "2024-06-01", 4_000, "10", "11"));
    List<String> tables = Stream.of("in_network_rates", "rates", "in_network_items", "files")
        .map(name -> database + "." + name).toList();
    Map<String, List<String>> rowsBefore = new TreeMap<>();
    Map<String, Map<String, Integer>> filesBefore = new TreeMap<>();
    tables.forEach(table -> rowsBefore.put(table, rows(table)));
    for (String table : tables) {
      filesBefore.put(table, filesPerPartition(table));
    }
    Path rates = TableFiles.location(spark, database + ".in_network_rates");
    Map<String, Long> june = modificationTimes(rates.resolve("snapshot_month=2024-06"));
    Map<String, Long> loaded = modificationTimes(rates);

    CompactReport dry = CompactJob.run(spark, config(database, "all", "2024-05").withDryRun(true));
    assertThat(modificationTimes(rates)).as("after the dry run").isEqualTo(loaded);
    CompactReport report = CompactJob.run(spark, config(database, "all", "2024-05"));

    assertThat(dry.tables()).extracting(TableReport::partitionsCompacted).isEqualTo(
        report.tables().stream().map(TableReport::partitionsCompacted).toList());

    assertThat(report.tables()).extracting(TableReport::table).containsExactlyElementsOf(tables);
    // rates lies by source (one partition per source and month): the loads crowd none of it.
    assertThat(report.tables()).filteredOn(table -> table.partitionsCompacted() > 0)
        .extracting(TableReport::table).containsExactly(database + ".in_network_rates",
            database + ".in_network_items", database + ".files");
    for (TableReport table : report.tables()) {
      assertThat(rows(table.table())).as(table.table()).isEqualTo(rowsBefore.get(table.table()));
      Map<String, Integer> before = filesBefore.get(table.table());
      Map<String, Integer> after = filesPerPartition(table.table());
      assertThat(after.keySet()).as(table.table()).isEqualTo(before.keySet());
      long crowded = before.entrySet().stream().filter(entry -> entry.getKey().contains("2024-05")
          && entry.getValue() > 1).count();
      assertThat(table.partitionsCompacted()).as(table.table()).isEqualTo((int) crowded);
      if (crowded > 0) {
        assertThat(table.filesAfter()).as(table.table()).isLessThan(table.filesBefore());
      } else {
        assertThat(table.filesAfter()).as(table.table()).isEqualTo(table.filesBefore());
      }
      after.forEach((bucket, files) -> {
        if (bucket.contains("2024-05")) {
          assertThat(files).as("%s %s", table.table(), bucket).isOne();
        } else {
          assertThat(files).as("%s %s", table.table(), bucket).isEqualTo(before.get(bucket));
        }
      });
    }
    assertThat(modificationTimes(rates.resolve("snapshot_month=2024-06"))).isEqualTo(june);
    assertBucketFilesSorted(rates, 2, "npi");

    Map<String, Long> compacted = modificationTimes(rates);
    CompactReport second = CompactJob.run(spark, config(database, "all", "2024-05"));

    assertThat(second.partitionsCompacted()).isZero();
    assertThat(second.tables()).allSatisfy(table -> assertThat(table.summary(false))
        .startsWith(table.table() + ": nothing to compact in " + table.partitionsPlanned()));
    assertThat(modificationTimes(rates)).isEqualTo(compacted);
  }

  /**
   * --layout source with four billing_code buckets, every row appended a second time in two more
   * files per bucket, and a target under the biggest bucket: buckets are cut into files of about
   * the target, each sorted by billing_code (the layout's file order) and holding only its
   * bucket's rows; the duplicates stay.
   */
  @Test
  void splitsABucketOverTheTargetIntoSortedFilesAndKeepsDuplicateRows() throws IOException {
    String database = "compact_split";
    String table = database + ".by_source";
    String[] codes = IntStream.range(100, 160).mapToObj(String::valueOf).toArray(String[]::new);
    load(database, "by_source", TableLayout.SOURCE, 4, false,
        source("split-a", "2024-05-01", 5_000, codes));
    spark.table(table).repartition(2).write().insertInto(table);
    spark.catalog().refreshTable(table);
    List<String> before = rows(table);
    Map<String, Long> bucketBytes = bucketBytes(TableFiles.location(spark, table));
    long target = bucketBytes.values().stream().mapToLong(Long::longValue).max().orElseThrow()
        * 2 / 3;

    TableReport report = CompactJob.run(spark, config(database, "by_source")
        .withTargetFileBytes(target)).tables().get(0);

    assertThat(rows(table)).hasSize(4 * codes.length * 2).isEqualTo(before);
    assertThat(report.partitionsCompacted()).isOne();
    Map<String, Integer> after = filesPerPartition(table);
    after.forEach((bucket, files) -> assertThat(files).as(bucket)
        .isLessThanOrEqualTo((int) ((bucketBytes.get(bucket) + target - 1) / target)));
    assertThat(after.values()).contains(2);
    assertThat(report.filesAfter()).isEqualTo(after.values().stream().mapToInt(n -> n).sum());
    assertBucketFilesSorted(TableFiles.location(spark, table), 4, "billing_code");
  }

  /**
   * A compaction whose write fails in its tasks (the file system refuses the second Parquet file
   * in the staging folder): readers see every row and file as before; what a killed run leaves
   * there (a staging folder without _SUCCESS) is not read; the next run removes it and compacts.
   */
  @Test
  void aCompactionThatFailsBeforeItsCommitLeavesTheTableAsItWasAndARerunCompactsIt()
      throws IOException {
    String database = "compact_crash";
    String table = database + ".rates_by_code";
    load(database, "rates_by_code", TableLayout.BILLING_CODE, 1, false,
        source("crash-a", "2024-05-01", 6_000, "20", "21", "22"));
    load(database, "rates_by_code", TableLayout.BILLING_CODE, 1, false,
        source("crash-b", "2024-05-09", 7_000, "21", "22", "23"));
    List<String> before = rows(table);
    Path location = TableFiles.location(spark, table);
    Map<String, Long> files = modificationTimes(location);

    spark.conf().set("fs.file.impl", StagingFaultFileSystem.class.getName());
    try {
      assertThatThrownBy(() -> CompactJob.run(spark, config(database, "rates_by_code")))
          .isInstanceOf(SparkException.class)
          .hasStackTraceContaining(StagingFaultFileSystem.MESSAGE);
    } finally {
      spark.conf().unset("fs.file.impl");
    }

    spark.catalog().refreshTable(table);
    assertThat(rows(table)).isEqualTo(before);
    assertThat(modificationTimes(location)).isEqualTo(files);
    Path killed = location.resolve(".spark-staging-killed").resolve("snapshot_month=2024-05")
        .resolve("billing_code=21");
    Files.createDirectories(killed);
    Files.copy(TableFiles.parquetFiles(location).get(0), killed.resolve("part-00000-x_00000.c000"
        + ".snappy.parquet"));
    assertThat(rows(table)).isEqualTo(before);

    TableReport rerun = CompactJob.run(spark, config(database, "rates_by_code")).tables().get(0);

    assertThat(rows(table)).isEqualTo(before);
    assertThat(rerun.partitionsCompacted()).isEqualTo(2);
    assertThat(filesPerPartition(table).values()).containsOnly(1);
    try (Stream<Path> left = Files.list(location)) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".spark-staging") || name.startsWith("_temporary"));
    }
  }

  /**
   * --table-format iceberg: Iceberg's rewrite_data_files, one snapshot, one file per partition,
   * the same rows; a second run commits nothing.
   */
  @Test
  void compactsAnIcebergTableWithItsOwnRewriteInOneSnapshot() {
    String database = "compact_iceberg";
    String table = "iceberg." + database + ".in_network_rates";
    for (PreprocessedFixture fixture : List.of(
        source("ice-a", "2024-05-01", 8_000, "30", "31"),
        source("ice-b", "2024-05-02", 9_000, "30", "31", "32"))) {
      RateExplodeJob.run(spark, IngestConfig.of(List.of(dir(fixture).toString()))
          .withTable(database, "in_network_rates").withNormalized(false)
          .withFormat(TableFormat.ICEBERG, 0));
    }
    List<String> before = rows(table);
    long snapshots = spark.table(table + ".snapshots").count();
    CompactConfig config =
        config(database, "in_network_rates", "2024-05").withFormat(TableFormat.ICEBERG);

    TableReport report = CompactJob.run(spark, config).tables().get(0);

    assertThat(rows(table)).isEqualTo(before);
    assertThat(report).extracting(TableReport::partitionsPlanned, TableReport::partitionsCompacted,
        TableReport::filesBefore, TableReport::filesAfter).containsExactly(3, 2, 5, 3);
    assertThat(spark.table(table + ".snapshots").count()).isEqualTo(snapshots + 1);

    TableReport second = CompactJob.run(spark, config).tables().get(0);

    assertThat(second.partitionsCompacted()).isZero();
    assertThat(spark.table(table + ".snapshots").count()).isEqualTo(snapshots + 1);
  }

  /**
   * A source of {@code codes}, each with one rate: a group of two NPIs ({@code npiBase} + i and
   * + i + 500) × two prices, so 4 rows a code.
   */
  private static PreprocessedFixture source(String name, String lastUpdatedOn, long npiBase,
      String... codes) {
    List<String> items = new ArrayList<>();
    List<String> rates = new ArrayList<>();
    for (int i = 0; i < codes.length; i++) {
      items.add("{\"item\":" + i + ",\"billing_code\":\"" + codes[i] + "\",\"name\":\"n" + i
          + "\"}");
      rates.add("{\"item\":" + i + ",\"provider_groups\":[{\"npi\":[" + (npiBase + i) + ","
          + (npiBase + i + 500) + "],\"tin\":{\"type\":\"ein\",\"value\":\"" + npiBase + "\"}}],"
          + "\"negotiated_prices\":[{\"negotiated_type\":\"negotiated\",\"negotiated_rate\":"
          + i + ".25,\"service_code\":[\"11\",\"22\"]},{\"negotiated_rate\":0.5}]}");
    }
    return PreprocessedFixture.source("s3://payer/" + name + ".json.gz")
        .header("last_updated_on", lastUpdatedOn)
        .items(items.toArray(String[]::new))
        .rates(rates.toArray(String[]::new))
        .expectedRows(4L * codes.length);
  }

  private static void load(String database, String table, TableLayout layout, int buckets,
      boolean normalized, PreprocessedFixture... fixtures) {
    RateExplodeJob.run(spark, IngestConfig.of(Stream.of(fixtures)
            .map(fixture -> dir(fixture).toString()).toList())
        .withTable(database, table).withLayout(layout).withBuckets(buckets)
        .withNormalized(normalized));
  }

  private static Path dir(PreprocessedFixture fixture) {
    try {
      return fixture.writeTo(Files.createTempDirectory(tmp, "source-"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static CompactConfig config(String database, String table, String... months) {
    return CompactConfig.of(database, table).withMonths(List.of(months));
  }

  /** Every row, every column, as text: equal lists are equal multisets of rows. */
  private static List<String> rows(String table) {
    return spark.table(table).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /**
   * Data files per partition folder and bucket id ({@code snapshot_month=…/billing_code=…#1};
   * #- without buckets).
   */
  private static Map<String, Integer> filesPerPartition(String table) throws IOException {
    Path location = TableFiles.location(spark, table);
    Map<String, Integer> files = new TreeMap<>();
    for (Path file : dataFiles(location)) {
      files.merge(bucketKey(location, file), 1, Integer::sum);
    }
    return files;
  }

  private static Map<String, Long> bucketBytes(Path location) throws IOException {
    Map<String, Long> bytes = new TreeMap<>();
    for (Path file : dataFiles(location)) {
      bytes.merge(bucketKey(location, file), Files.size(file), Long::sum);
    }
    return bytes;
  }

  private static String bucketKey(Path location, Path file) {
    var bucket = BucketFiles.bucketId(file.getFileName().toString());
    return location.relativize(file.getParent()) + "#"
        + (bucket.isPresent() ? String.valueOf(bucket.getAsInt()) : "-");
  }

  /** Data files as readers see them: not under a folder or named with '.' or '_' first. */
  private static List<Path> dataFiles(Path location) throws IOException {
    return TableFiles.parquetFiles(location).stream()
        .filter(file -> Stream.iterate(location.relativize(file), path -> path.getParent() != null,
                Path::getParent).map(path -> path.getFileName().toString())
            .allMatch(BucketFiles::isDataFile))
        .filter(file -> BucketFiles.isDataFile(file.getFileName().toString()))
        .toList();
  }

  /** Every file: Spark's name, rows of its bucket only, sorted by {@code order} (nulls first). */
  private static void assertBucketFilesSorted(Path location, int buckets, String... order)
      throws IOException {
    List<Path> files = dataFiles(location);
    // One read of all the files; each row keeps its file's name and its place in the file.
    Map<String, List<Row>> rowsByFile = new TreeMap<>();
    for (Row row : spark.read().parquet(files.stream().map(Path::toString).toArray(String[]::new))
        .select(input_file_name(), col(order[0]), order.length > 1 ? col(order[1]) : lit(0L),
            pmod(hash(col(order[0])), lit(buckets)))
        .collectAsList()) {
      rowsByFile.computeIfAbsent(row.getString(0), key -> new ArrayList<>()).add(row);
    }
    assertThat(rowsByFile).hasSameSizeAs(files);
    rowsByFile.forEach((file, rows) -> {
      String name = file.substring(file.lastIndexOf('/') + 1);
      assertThat(name).matches(BUCKET_FILE);
      int bucket = BucketFiles.bucketId(name).orElseThrow();
      assertThat(rows).as(name).allMatch(row -> row.getInt(3) == bucket);
      assertThat(rows).as("sorted: " + name).isSortedAccordingTo(
          Comparator.<Row, Comparable<Object>>comparing(row -> value(row, 1),
                  Comparator.nullsFirst(Comparator.naturalOrder()))
              .thenComparing(row -> value(row, 2),
                  Comparator.nullsFirst(Comparator.naturalOrder())));
    });
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> value(Row row, int i) {
    return row.isNullAt(i) ? null : (Comparable<Object>) row.get(i);
  }

  /** Data file names (relative paths) with their modification times. */
  private static Map<String, Long> modificationTimes(Path dir) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    for (Path file : dataFiles(dir)) {
      files.put(dir.relativize(file).toString(), Files.getLastModifiedTime(file).toMillis());
    }
    return files.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }
}
