package io.ptlake.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.SampleDataSet;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.RateExplodeJob;
import io.ptlake.spark.ingest.TableLayout;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analyst queries of athena-queries/, run on the table built from sample-data/: on Spark SQL
 * (the demo's engine) and on DuckDB reading the same Parquet files (a Trino-like dialect and a
 * second reader, as Athena will be), with results compared cell by cell and against the counts
 * the generator knows for the sample files.
 */
class AthenaQueriesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final String TABLE = "ptlake.in_network_rates";
  /** The database of the same rows in the default {@code --layout source}. */
  private static final String BY_SOURCE = "ptlake_by_source";

  @TempDir static Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void loadSampleData() throws IOException {
    spark = SharedSpark.session();
    List<String> dirs = new ArrayList<>();
    for (SampleDataSet sample : SampleDataSet.values()) {
      Path out = tmp.resolve(sample.name());
      String input = sampleFile(sample).toString();
      new Preprocessor(PreprocessConfig.builder(input, out).build()).run();
      dirs.add(out.toString());
    }
    // The queries' own table in --layout billing_code, the same rows in the default layout beside.
    RateExplodeJob.run(spark, IngestConfig.of(dirs).withLayout(TableLayout.BILLING_CODE)
        .withBuckets(TableLayout.BILLING_CODE.defaultBuckets()));
    RateExplodeJob.run(spark, IngestConfig.of(dirs).withTable(BY_SOURCE, "in_network_rates")
        .withNormalized(false));
  }

  /** The queries of in_network_rates alone; DatasetQueriesTest runs those joining others. */
  static List<AnalystQuery> localQueries() {
    return AnalystQuery.loadAll(ROOT.resolve("athena-queries")).stream()
        .filter(AnalystQuery::runsLocally)
        .filter(query -> query.tables().equals(java.util.Set.of("in_network_rates")))
        .toList();
  }

  static List<AnalystQuery> duckDbComparableQueries() {
    return localQueries().stream().filter(AnalystQuery::duckDbComparable).toList();
  }

  @Test
  void everyQueryFileIsOneStatementAndMostRunLocally() {
    List<AnalystQuery> all = AnalystQuery.loadAll(ROOT.resolve("athena-queries"));

    assertThat(all).hasSizeGreaterThanOrEqualTo(9);
    assertThat(localQueries()).extracting(AnalystQuery::name)
        .contains("01_rate_stats_by_code", "02_code_across_providers",
            "03_provider_across_codes", "04_rows_by_payer", "05_price_distribution_for_code",
            "06_code_across_payers_and_months", "07_outliers", "08_rates_by_class_and_setting",
            "09_providers_by_tin");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("duckDbComparableQueries")
  void sparkAndDuckDbGiveTheSameNonEmptyResult(AnalystQuery query) throws SQLException {
    List<List<String>> fromSpark = sparkRows(query.sql());
    List<List<String>> fromDuckDb = duckDbRows(query.sql(), TABLE, "billing_code");

    assertThat(fromSpark).isNotEmpty();
    assertThat(fromSpark).containsExactlyElementsOf(fromDuckDb);
  }

  /** The queries do not depend on the layout: the same answers from --layout source. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("duckDbComparableQueries")
  void theSourceLayoutGivesTheSameResultsOnSparkAndDuckDb(AnalystQuery query)
      throws SQLException {
    String bySource = query.sql().replace(TABLE, BY_SOURCE + ".in_network_rates");
    List<List<String>> fromSpark = sparkRows(bySource);

    assertThat(fromSpark).isNotEmpty().containsExactlyElementsOf(sparkRows(query.sql()));
    assertThat(fromSpark).containsExactlyElementsOf(
        duckDbRows(query.sql(), BY_SOURCE + ".in_network_rates", "source_id"));
  }

  @Test
  void rowsByPayerMatchTheGeneratorsExpectedRows() {
    Map<String, Long> expected = new TreeMap<>();
    for (SampleDataSet sample : SampleDataSet.values()) {
      expected.put(sample.spec().reportingEntityName(), expectedCounts(sample).expectedRows());
    }
    Map<String, Long> loaded = new TreeMap<>();
    for (Row row : spark.sql(query("04_rows_by_payer").sql()).collectAsList()) {
      loaded.put(row.getString(0), row.getLong(row.fieldIndex("price_rows")));
    }

    assertThat(loaded).isEqualTo(expected);
  }

  @Test
  void rateStatisticsCountEveryRowOfTheTopCodes() {
    Map<String, Long> expectedByCode = new TreeMap<>();
    for (SampleDataSet sample : SampleDataSet.values()) {
      expectedCounts(sample).expectedRowsByBillingCode()
          .forEach((code, rows) -> expectedByCode.merge(code, rows, Long::sum));
    }
    List<Row> stats = spark.sql(query("01_rate_stats_by_code").sql()).collectAsList();
    long topExpected = expectedByCode.values().stream().mapToLong(Long::longValue).max().orElseThrow();

    assertThat(stats.get(0).getLong(stats.get(0).fieldIndex("price_rows"))).isEqualTo(topExpected);
    for (Row row : stats) {
      assertThat(row.getLong(row.fieldIndex("price_rows")))
          .as("rows of %s", row.getString(0))
          .isEqualTo(expectedByCode.get(row.getString(0)));
    }
  }

  @Test
  void quartilesOfOneCodeLieBetweenItsMinimumAndMaximumForEveryPayer() {
    Map<String, Long> rowsByPayer = new TreeMap<>();
    for (Row row : spark.sql("SELECT reporting_entity_name, count(*) FROM " + TABLE
        + " WHERE billing_code = '43239' GROUP BY reporting_entity_name").collectAsList()) {
      rowsByPayer.put(row.getString(0), row.getLong(1));
    }
    List<Row> quartiles = spark.sql(query("05_price_distribution_for_code").sql()).collectAsList();

    assertThat(quartiles).hasSize(rowsByPayer.size());
    for (Row row : quartiles) {
      double min = row.getDecimal(row.fieldIndex("min_rate")).doubleValue();
      double p25 = row.getDouble(row.fieldIndex("p25_rate"));
      double median = row.getDouble(row.fieldIndex("median_rate"));
      double p75 = row.getDouble(row.fieldIndex("p75_rate"));
      double max = row.getDecimal(row.fieldIndex("max_rate")).doubleValue();
      assertThat(row.getLong(row.fieldIndex("price_rows"))).isEqualTo(rowsByPayer.get(row.getString(0)));
      assertThat(new double[] {min, p25, median, p75, max}).isSorted();
    }
  }

  @Test
  void outliersLieAboveThreeStandardDeviationsOfTheirCode() {
    List<Row> outliers = spark.sql(query("07_outliers").sql()).collectAsList();

    assertThat(outliers).isNotEmpty();
    for (Row row : outliers) {
      Row stats = spark.sql("SELECT avg(negotiated_rate), stddev_samp(CAST(negotiated_rate AS"
          + " DOUBLE)) FROM " + TABLE + " WHERE billing_code = '" + row.getString(0) + "'").first();
      double threshold = stats.getDecimal(0).doubleValue() + 3 * stats.getDouble(1);
      assertThat(row.getDecimal(row.fieldIndex("negotiated_rate")).doubleValue())
          .isGreaterThan(threshold);
    }
  }

  @Test
  void providerQueryFindsItsNpiAtMorePayersThanOne() {
    List<Row> rows = spark.sql(query("03_provider_across_codes").sql()).collectAsList();

    assertThat(rows.stream().map(row -> row.getString(0)).distinct().count()).isGreaterThan(1);
  }

  private static AnalystQuery query(String name) {
    return localQueries().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
  }

  private static Path sampleFile(SampleDataSet sample) {
    return ROOT.resolve("sample-data").resolve(sample.fileName());
  }

  private static ExpectedCounts expectedCounts(SampleDataSet sample) {
    try {
      return ExpectedCounts.fromJson(
          Files.readString(ExpectedCounts.sidecarOf(sampleFile(sample))));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the expected counts of " + sample, e);
    }
  }

  private static List<List<String>> sparkRows(String sql) {
    List<List<String>> rows = new ArrayList<>();
    for (Row row : spark.sql(sql).collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int c = 0; c < row.length(); c++) {
        cells.add(normalise(row.get(c)));
      }
      rows.add(cells);
    }
    return rows;
  }

  /**
   * The same SQL on DuckDB, over a view named {@link #TABLE} of {@code table}'s Parquet files, as
   * Athena would read them; {@code partitionKey} is the second partition column, a string.
   */
  private static List<List<String>> duckDbRows(String sql, String table, String partitionKey)
      throws SQLException {
    String parquet = TableFiles.location(spark, table).resolve("**/*.parquet").toString();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute("CREATE SCHEMA ptlake");
      statement.execute("CREATE VIEW " + TABLE + " AS SELECT * FROM read_parquet('" + parquet
          + "', hive_partitioning = true, hive_types = {'" + partitionKey + "': VARCHAR})");
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery(sql)) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<String> cells = new ArrayList<>();
          for (int c = 1; c <= columns; c++) {
            cells.add(normalise(result.getObject(c)));
          }
          rows.add(cells);
        }
      }
      return rows;
    }
  }

  /** Numbers compare by value (Spark sums into decimals, DuckDB into HUGEINT or double). */
  private static String normalise(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Number number) {
      BigDecimal decimal = new BigDecimal(number.toString());
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      return scala.collection.JavaConverters.seqAsJavaList(seq).stream()
          .map(AthenaQueriesTest::normalise).collect(Collectors.joining(",", "[", "]"));
    }
    return value.toString();
  }
}
