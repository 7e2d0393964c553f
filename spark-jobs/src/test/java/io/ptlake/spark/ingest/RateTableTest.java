package io.ptlake.spark.ingest;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written table: layout, types, the row count check and the write modes. */
class RateTableTest {
  private static final String DATABASE = "rate_table_test";
  private static final String SOURCE = "file:///data/rates.json";
  /**
   * SOURCE's source_id, a partition key on disk: the first 8 bytes of the SHA-256 of its URI, in
   * hex ({@code printf %s file:///data/rates.json | sha256sum | cut -c1-16}).
   */
  private static final String SOURCE_ID = "062892fda0668327";
  private static final String TABLE = DATABASE + ".rates";

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static IngestReport report;

  @BeforeAll
  static void ingest() {
    spark = SharedSpark.session();
    report = RateExplodeJob.run(spark, config("rates", dir("rates", twoCodes(SOURCE, 8))));
  }

  /**
   * Two billing codes. 27447: id 1 (two NPIs) × one price of 123.45 = 2 rows. 99213: ids 1 and
   * the undefined 2 (3 provider rows) × prices 0.1 and 0.2 = 6 rows.
   */
  private static PreprocessedFixture twoCodes(String sourceUri, long expectedRows) {
    return PreprocessedFixture.source(sourceUri)
        .header("reporting_entity_name", "Acme")
        .header("last_updated_on", "2024-05-01")
        .items("{\"item\":0,\"billing_code\":\"27447\"}", "{\"item\":1,\"billing_code\":\"99213\"}")
        .references("{\"provider_group_id\":\"1\",\"provider_groups\":["
            + "{\"npi\":[1111111111,2222222222],\"tin\":{\"type\":\"ein\",\"value\":\"1\"}}]}")
        .rates(
            "{\"item\":0,\"provider_references\":[\"1\"],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":123.45}]}",
            "{\"item\":1,\"provider_references\":[\"1\",\"2\"],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":0.1},{\"negotiated_rate\":0.2}]}")
        .expectedRows(expectedRows)
        .undefinedReferenceIds(1);
  }

  private static Path dir(String name, PreprocessedFixture fixture) {
    return fixture.writeToNew(tmp, name);
  }

  private static IngestConfig config(String table, Path... dirs) {
    return IngestConfig.of(Stream.of(dirs).map(Path::toString).toList())
        .withTable(DATABASE, table)
        .withLayout(TableLayout.BILLING_CODE)
        .withBuckets(4);
  }

  @Test
  void reportsEachSourcesCounts() {
    assertThat(report.sources()).singleElement().satisfies(source -> {
      assertThat(source.sourceFile()).isEqualTo(SOURCE);
      assertThat(source.sourceId()).isEqualTo(SOURCE_ID);
      assertThat(source.snapshotMonth()).isEqualTo("2024-05");
      assertThat(List.of(source.expectedRows(), source.writtenRows(),
          source.undefinedReferenceIds(), source.rejectedRecords(), source.unexplainedRows()))
          .containsExactly(8L, 8L, 1L, 0L, 0L);
    });
    assertThat(report.writtenRows()).isEqualTo(8);
    assertThat(report.toJson()).contains("\"written_rows\" : 8", "\"source_file\" : \"" + SOURCE);
  }

  @Test
  void isPartitionedBySnapshotMonthAndBillingCodeAndBucketedAndSortedByNpi() {
    String ddl = spark.sql("SHOW CREATE TABLE " + TABLE).first().getString(0);

    assertThat(ddl).contains("USING parquet", "PARTITIONED BY (snapshot_month, billing_code)",
        "CLUSTERED BY (npi)", "SORTED BY (npi)", "INTO 4 BUCKETS");
    assertThat(spark.sql("SHOW PARTITIONS " + TABLE).collectAsList())
        .map(row -> row.getString(0))
        .containsExactlyInAnyOrder("snapshot_month=2024-05/billing_code=27447",
            "snapshot_month=2024-05/billing_code=99213");
  }

  @Test
  void writesOneFilePerPartitionAndBucket() throws IOException {
    Path partition = TableFiles.location(spark, TABLE)
        .resolve("snapshot_month=2024-05/billing_code=99213");

    // Spark names bucket files ..._<bucket id>.c000.snappy.parquet; NPIs go to 1 to 2 buckets.
    List<String> bucketIds = TableFiles.parquetFiles(partition).stream()
        .map(file -> file.getFileName().toString().replaceAll(".*_(\\d+)\\.c000.*", "$1"))
        .toList();
    assertThat(bucketIds).isNotEmpty().hasSizeLessThanOrEqualTo(2).doesNotHaveDuplicates();
  }

  /** A later process finds the table through the metastore kept under the warehouse. */
  @Test
  void keepsTableMetastoreAndDerbyLogUnderTheWarehouse() {
    Path warehouse = SharedSpark.warehouse();

    assertThat(TableFiles.location(spark, TABLE)).startsWith(warehouse);
    assertThat(warehouse.resolve("metastore_db/service.properties")).exists();
    assertThat(warehouse.resolve("derby.log")).exists();
    assertThat(spark.newSession().table(TABLE).count()).isEqualTo(8);
  }

  @Test
  void hasTheTableColumnsInOrderWithExactTypes() {
    StructType expected = new StructType()
        .add("reporting_entity_name", StringType).add("reporting_entity_type", StringType)
        .add("plan_name", StringType).add("plan_id_type", StringType).add("plan_id", StringType)
        .add("plan_market_type", StringType).add("issuer_name", StringType)
        .add("plan_sponsor_name", StringType).add("last_updated_on", DateType)
        .add("version", StringType).add("negotiation_arrangement", StringType)
        .add("name", StringType).add("billing_code_type", StringType)
        .add("billing_code_type_version", StringType).add("description", StringType)
        .add("severity_of_illness", StringType).add("provider_group_id", StringType)
        .add("network_name", strings()).add("npi", LongType).add("tin_type", StringType)
        .add("tin_value", StringType).add("business_name", StringType)
        .add("negotiated_type", StringType)
        .add("negotiated_rate", DataTypes.createDecimalType(38, 10))
        .add("expiration_date", DateType).add("service_code", strings())
        .add("billing_class", StringType).add("setting", StringType)
        .add("billing_code_modifier", strings()).add("additional_information", StringType)
        .add("source_file", StringType).add("source_id", StringType)
        .add("snapshot_month", StringType).add("billing_code", StringType);

    assertThat(spark.table(TABLE).schema().toDDL()).isEqualTo(expected.toDDL());
  }

  @Test
  void keepsNegotiatedRatesExact() {
    Row row = spark.sql("SELECT min(negotiated_rate), sum(negotiated_rate) FROM " + TABLE
        + " WHERE billing_code = '99213'").first();
    BigDecimal rate = spark.sql("SELECT negotiated_rate FROM " + TABLE
        + " WHERE billing_code = '27447'").first().getDecimal(0);

    assertThat(rate).isEqualTo(new BigDecimal("123.4500000000"));
    assertThat(row.getDecimal(0)).isEqualTo(new BigDecimal("0.1000000000"));
    // 3 × 0.1 + 3 × 0.2, which doubles would not sum to 0.9 exactly.
    assertThat(row.getDecimal(1)).isEqualByComparingTo("0.9");
  }

  @Test
  void failsLoudlyWhenTheTableDoesNotHoldTheExpectedRows() {
    Path wrong = dir("wrong", twoCodes("file:///data/wrong.json", 9));

    assertThatThrownBy(() -> RateExplodeJob.run(spark, config("wrong", wrong)))
        .isInstanceOf(RowCountMismatchException.class)
        .hasMessageContaining("file:///data/wrong.json: expected 9 rows, table holds 8");
  }

  @Test
  void appendAddsNewSourcesAndRefusesOnesAlreadyWritten() {
    Path first = dir("first", twoCodes("file:///data/first.json", 8));
    Path second = dir("second", twoCodes("file:///data/second.json", 8));
    RateExplodeJob.run(spark, config("appended", first));

    IngestReport appended =
        RateExplodeJob.run(spark, config("appended", second).withMode(WriteMode.APPEND));

    assertThat(appended.writtenRows()).isEqualTo(8);
    assertThat(spark.table(DATABASE + ".appended").count()).isEqualTo(16);
    assertThatThrownBy(() ->
        RateExplodeJob.run(spark, config("appended", first).withMode(WriteMode.APPEND)))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("already holds rows of [file:///data/first.json] for the same"
            + " snapshot month");
    assertThat(spark.table(DATABASE + ".appended").count()).isEqualTo(16);
  }

  @Test
  void refusesADirectoryWithoutManifest() throws IOException {
    Path partial = Files.createDirectory(tmp.resolve("partial"));

    assertThatThrownBy(() -> RateExplodeJob.run(spark, config("partial", partial)))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining(partial + " because it has no manifest.json")
        .hasMessageContaining("not a complete preprocess output");
  }

  @Test
  void refusesTheSameSourceFileTwice() {
    Path copy = dir("copy", twoCodes(SOURCE, 8));

    assertThatThrownBy(() -> RateExplodeJob.run(spark, config("copies", copy, copy)))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("Cannot ingest " + SOURCE + " twice for snapshot month 2024-05");
  }

  private static DataType strings() {
    return createArrayType(StringType);
  }
}
