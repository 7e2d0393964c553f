package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.GeneratorSpec.HeaderPlacement;
import io.ptlake.generator.GeneratorSpec.ReferencesPlacement;
import io.ptlake.generator.GeneratorSpec.Version;
import io.ptlake.generator.IntRange;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import io.ptlake.spark.catalog.BucketFiles;
import io.ptlake.spark.parquet.ParquetRows;
import io.ptlake.spark.parquet.ParquetStatisticsCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader matrix of ptlake's columnar writer: the same sources written by it and by Spark's
 * writer (the oracle), then read by Spark's vectorized reader, Spark's row reader, parquet-mr's
 * own reader and DuckDB, each of which must find exactly the oracle's rows in the columnar files.
 * Small row groups, pages and dictionaries make every file hold several of each and make columns
 * fall back to PLAIN half-way through a chunk. The normalized rates table, which the columnar write
 * gathers from the same records, is held to the one Spark computes by shuffling whole rates.
 */
class ColumnarWriterTest {
  private static final String DATABASE = "columnar_matrix";
  private static final String COLUMNAR = DATABASE + ".columnar";
  private static final String SPARK = DATABASE + ".spark";
  /** Sizes that cut the small test files into many row groups and pages. */
  static final Map<String, String> SMALL_PARQUET = Map.of(
      "parquet.block.size", "16384",
      "parquet.page.size", "2048",
      "parquet.page.row.count.limit", "100",
      "parquet.dictionary.page.size", "2048",
      // An expiration date before 1582 is refused by Spark's writer unless told how to write it;
      // ptlake's writes proleptic Gregorian days, what CORRECTED means.
      "spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static final Map<String, Long> EXPECTED = new LinkedHashMap<>();
  private static IngestReport columnar;
  private static IngestReport oracle;
  /** The billing code of the generated giant item: more rows than fit in a row group. */
  private static String giantCode;

  @BeforeAll
  static void writeBothWays() throws IOException {
    spark = SharedSpark.session();
    List<String> dirs = new ArrayList<>();
    dirs.add(generated("v1-refs-first", GeneratorSpec.builder().version(Version.V1).seed(11)
        .items(30).ratesPerItem(IntRange.of(1, 5)).pricesPerRate(IntRange.of(1, 4))
        .providerReferences(50).npisPerGroup(IntRange.of(0, 12))
        .references(ReferencesPlacement.FIRST).duplicateReferenceFraction(0.2)
        .emptyNpiGroupFraction(0.1).tinLevelGroupFraction(0.1)));
    dirs.add(generated("v2-refs-last", GeneratorSpec.builder().version(Version.V2).seed(12)
        .items(30).ratesPerItem(IntRange.of(1, 5)).pricesPerRate(IntRange.of(1, 4))
        .providerReferences(50).npisPerGroup(IntRange.of(1, 30))
        .references(ReferencesPlacement.LAST).header(HeaderPlacement.END)
        .undefinedReferenceFraction(0.1).emptyReferenceFraction(0.1)));
    dirs.add(generated("v1-giant", GeneratorSpec.builder().version(Version.V1).seed(13)
        .items(4).providerReferences(20).npisPerGroup(IntRange.of(1, 8))
        .giantItems(1, 300_000).remoteReferenceFraction(0)));
    dirs.add(RowRulesTest.ruleCases().writeToNew(tmp, "rule-cases").toString());
    EXPECTED.put("file:///data/a.json.gz", 24L);
    dirs.add(edgeValues().writeToNew(tmp, "edge-values").toString());
    EXPECTED.put(EDGE_SOURCE, EDGE_ROWS);
    giantCode = giantCode(dirs.get(2));

    SessionSettings.with(spark, SMALL_PARQUET, () -> {
      columnar = RateExplodeJob.run(spark, config(dirs, "columnar", WriterKind.COLUMNAR));
      oracle = RateExplodeJob.run(spark, config(dirs, "spark", WriterKind.SPARK));
    });
  }

  private static IngestConfig config(List<String> dirs, String table, WriterKind writer) {
    return IngestConfig.of(dirs).withTable(DATABASE, table).withWriter(writer);
  }

  private static String generated(String name, GeneratorSpec.Builder spec) throws IOException {
    Path source = tmp.resolve(name + ".json");
    ExpectedCounts counts = TicFileGenerator.write(spec.build(), source);
    EXPECTED.put(source.toString(), counts.expectedRows());
    Path dir = tmp.resolve(name);
    new Preprocessor(PreprocessConfig.builder(source.toString(), dir).chunkBytes(32 * 1024)
        .build()).run();
    return dir.toString();
  }

  private static String giantCode(String dir) throws IOException {
    // The generator's giant item is the one with the most negotiated rates.
    Dataset<Row> items = spark.read().json(dir + "/in_network_items");
    return items.orderBy(items.col("negotiated_rates_count").desc()).first()
        .getAs("billing_code");
  }

  private static final String EDGE_SOURCE = "s3://payer/edge-values.json";
  /**
   * Rate 0: five prices × (3 + 2 NPIs of reference 1's two groups) = 25; rate 1: one price × (one
   * group of npi [0] + one null group) = 2; rate 2: two prices × three NPIs (duplicates) = 6.
   */
  private static final long EDGE_ROWS = 5 * (3 + 2) + 1 * (1 + 1) + 2 * 3;

  /**
   * Values at the edges of every type: decimals at full precision, negative and zero rates, null
   * prices, dates before 1582 and in 9999, arrays null, empty, of one and of several elements and
   * with null elements, multi-byte UTF-8, columns that are null in every row (most header fields,
   * severity_of_illness) and NPIs repeated in one group.
   */
  private static PreprocessedFixture edgeValues() {
    String ref1Groups = "{\"npi\":[1000000001,1000000002,1000000003],\"tin\":{\"type\":\"ein\","
        + "\"value\":\"11-1111111\",\"business_name\":\"Bürgerhospital ☃\"}},"
        + "{\"npi\":[1000000004,null],\"tin\":{\"type\":\"ein\",\"value\":\"22-2222222\"}}";
    return PreprocessedFixture.source(EDGE_SOURCE)
        .header("reporting_entity_name", "Ünïcødé Health — 保险")
        .header("last_updated_on", "2024-07-15")
        .items("{\"item\":0,\"billing_code\":\"A0001\"}",
            "{\"item\":1,\"billing_code\":\"A0002\",\"name\":\"" + "n".repeat(300) + "\","
                + "\"billing_code_type\":\"HCPCS\",\"negotiation_arrangement\":\"ffs\"}")
        .references(
            "{\"provider_group_id\":\"1\",\"network_name\":[\"Net A\",\"Net B\"],"
                + "\"provider_groups\":[" + ref1Groups + "]}",
            "{\"provider_group_id\":\"2\",\"network_name\":[],\"provider_groups\":[{\"npi\":[0],"
                + "\"tin\":{\"type\":\"npi\",\"value\":\"1000000009\"}}]}",
            "{\"provider_group_id\":\"3\",\"provider_groups\":[null]}")
        .rates(
            "{\"item\":0,\"provider_references\":[\"1\"],\"negotiated_prices\":["
                + "{\"negotiated_type\":\"negotiated\","
                + "\"negotiated_rate\":9999999999999999999999999999.9999999999,"
                + "\"expiration_date\":\"9999-12-31\",\"service_code\":[\"01\",\"02\",\"03\"],"
                + "\"billing_class\":\"professional\",\"setting\":\"outpatient\","
                + "\"additional_information\":\"x\"},"
                + "{\"negotiated_type\":\"fee schedule\","
                + "\"negotiated_rate\":-9999999999999999999999999999.9999999999,"
                + "\"expiration_date\":\"1200-01-01\",\"service_code\":[],"
                + "\"billing_class\":\"institutional\",\"billing_code_modifier\":[\"26\"]},"
                + "{\"negotiated_type\":\"negotiated\",\"negotiated_rate\":0,"
                + "\"service_code\":[\"11\",null],\"billing_code_modifier\":[null]},"
                + "null,"
                + "{\"negotiated_rate\":-0.0000000001}]}",
            "{\"item\":1,\"provider_references\":[\"2\",\"3\"],\"negotiated_prices\":["
                + "{\"negotiated_rate\":1.5,\"service_code\":[\"11\"]}]}",
            "{\"item\":1,\"provider_groups\":[{\"npi\":[5,5,5],\"tin\":{\"type\":\"ein\","
                + "\"value\":\"dup\"}}],\"negotiated_prices\":[{\"negotiated_rate\":2.25},"
                + "{\"negotiated_rate\":2.25,\"setting\":\"inpatient\"}]}")
        .expectedRows(EDGE_ROWS);
  }

  @Test
  void bothWritersHoldTheManifestsRows() {
    Map<String, Long> written = new LinkedHashMap<>();
    columnar.sources().forEach(source -> written.put(source.sourceFile(), source.writtenRows()));
    Map<String, Long> fromSpark = new LinkedHashMap<>();
    oracle.sources().forEach(source -> fromSpark.put(source.sourceFile(), source.writtenRows()));

    assertThat(written).isEqualTo(EXPECTED);
    assertThat(fromSpark).isEqualTo(EXPECTED);
  }

  @Test
  void sparksVectorizedReaderReadsTheOraclesRows() {
    assertSameRowsWithSpark("true");
  }

  @Test
  void sparksRowReaderReadsTheOraclesRows() {
    assertSameRowsWithSpark("false");
  }

  private void assertSameRowsWithSpark(String vectorized) {
    SessionSettings.with(spark, Map.of("spark.sql.parquet.enableVectorizedReader", vectorized),
        () -> {
          Dataset<Row> ours = spark.table(COLUMNAR);
          Dataset<Row> theirs = spark.table(SPARK);
          assertThat(ours.count()).isEqualTo(total());
          assertThat(theirs.count()).isEqualTo(total());
          assertThat(ours.exceptAll(theirs).count()).as("rows only ptlake's files hold").isZero();
          assertThat(theirs.exceptAll(ours).count()).as("rows only Spark's files hold").isZero();
        });
  }

  @Test
  void parquetMrsOwnReaderReadsTheOraclesRows() throws IOException {
    Map<String, Long> ours = ParquetRows.multiset(TableFiles.location(spark, COLUMNAR));
    Map<String, Long> theirs = ParquetRows.multiset(TableFiles.location(spark, SPARK));

    assertThat(ours.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total());
    assertThat(ours).isEqualTo(theirs);
  }

  @Test
  void duckDbReadsTheOraclesRows() throws SQLException {
    String ours = read(COLUMNAR);
    String theirs = read(SPARK);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement()) {
      assertThat(count(sql, "SELECT count(*) FROM " + ours)).isEqualTo(total());
      assertThat(count(sql, "SELECT count(*) FROM (SELECT * FROM " + ours + " EXCEPT ALL"
          + " SELECT * FROM " + theirs + ")")).as("rows only ptlake's files hold").isZero();
      assertThat(count(sql, "SELECT count(*) FROM (SELECT * FROM " + theirs + " EXCEPT ALL"
          + " SELECT * FROM " + ours + ")")).as("rows only Spark's files hold").isZero();
    }
  }

  private static String read(String table) {
    return "read_parquet('" + TableFiles.location(spark, table).resolve("**/*.parquet")
        + "', hive_partitioning = true, hive_types = {'source_id': VARCHAR,"
        + " 'snapshot_month': VARCHAR})";
  }

  private static long count(Statement sql, String query) throws SQLException {
    try (ResultSet rows = sql.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void theNormalizedRatesAreTheOnesSparkComputes() {
    Dataset<Row> ours = spark.table(COLUMNAR + "_rates");
    Dataset<Row> theirs = spark.table(SPARK + "_rates");

    assertThat(ours.count()).isEqualTo(theirs.count()).isPositive();
    assertThat(ours.exceptAll(theirs).count()).as("rates only the columnar write holds").isZero();
    assertThat(theirs.exceptAll(ours).count()).as("rates only Spark's holds").isZero();
    // Every key the columnar write computed is a provider group Spark keyed the same way.
    Dataset<Row> keys = ours.selectExpr("explode(provider_group_keys) AS key");
    Dataset<Row> groups = spark.table(COLUMNAR + "_provider_groups");
    assertThat(keys.count()).isPositive();
    assertThat(keys.join(groups, keys.col("key").equalTo(groups.col("provider_group_key")),
        "left_anti").count()).isZero();
  }

  @Test
  void everyColumnChunkAndPageHasTheStatisticsItsValuesImply() throws IOException {
    List<Path> files = new ArrayList<>(TableFiles.parquetFiles(TableFiles.location(spark,
        COLUMNAR)));
    files.addAll(TableFiles.parquetFiles(TableFiles.location(spark, COLUMNAR + "_rates")));
    int pages = 0;
    for (Path file : files) {
      pages += ParquetStatisticsCheck.assertStatisticsMatchValues(file);
    }
    // Every column of every row group has at least one page, most have several.
    assertThat(pages).isGreaterThan(files.size() * 15 * 2);
  }

  @Test
  void aQueryForOneCodeReadsOnlyTheRowGroupsThatHoldIt() throws IOException {
    Path location = TableFiles.location(spark, COLUMNAR);
    ParquetStatisticsCheck.RowGroups giant = ParquetStatisticsCheck.rowGroups(location, giantCode);
    assertThat(giant.holding()).as("row groups holding the giant code").isGreaterThan(2);
    assertThat(giant.read()).as("row groups a filter on it reads").isEqualTo(giant.holding());
    assertThat(giant.total()).isGreaterThan(giant.read());

    ParquetStatisticsCheck.RowGroups small = ParquetStatisticsCheck.rowGroups(location, "A0002");
    assertThat(small.read()).isEqualTo(small.holding()).isEqualTo(1);
  }

  @Test
  void filesCarrySparksFooterAndBucketNames() throws IOException {
    assertSparksFooterAndBuckets(COLUMNAR, 16);
    assertSparksFooterAndBuckets(COLUMNAR + "_rates", NormalizedTables.RATE_BUCKETS);
  }

  private static void assertSparksFooterAndBuckets(String table, int buckets)
      throws IOException {
    Path location = TableFiles.location(spark, table);
    StructType dataColumns = new StructType(java.util.Arrays.stream(spark.table(table)
        .schema().fields()).filter(f -> !f.name().equals("snapshot_month")
            && !f.name().equals("source_id")).toArray(StructField[]::new));
    for (Path file : TableFiles.parquetFiles(location)) {
      Map<String, String> footer = ParquetStatisticsCheck.footer(file);
      assertThat(footer).containsEntry("org.apache.spark.version", "3.5.6")
          .containsEntry("org.apache.spark.sql.parquet.row.metadata", dataColumns.json());
      String name = file.getFileName().toString();
      assertThat(name).matches("part-\\d{5}-[0-9a-f-]{36}_\\d{5}\\.c000\\.snappy\\.parquet");
      int bucket = BucketFiles.bucketId(name).orElseThrow();
      // Every row is in the bucket Spark computes for its code: what Athena and Spark prune by.
      Set<Integer> rowBuckets = new TreeSet<>(spark.read().parquet(file.toString())
          .selectExpr("pmod(hash(billing_code), " + buckets + ")").distinct().as(
              org.apache.spark.sql.Encoders.INT()).collectAsList());
      assertThat(rowBuckets).as(name).containsExactly(bucket);
    }
  }

  private static long total() {
    return EXPECTED.values().stream().mapToLong(Long::longValue).sum();
  }
}
