package io.ptlake.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.SampleDataSet;
import io.ptlake.spark.TableFiles;
import io.ptlake.spark.ingest.NaiveExplode;
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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analyst queries of athena-queries/, run on the table built from sample-data/: on Spark SQL
 * (the demo's engine) and on DuckDB reading the same Parquet files (a Trino-like dialect and a
 * second reader, as Athena will be), with results compared cell by cell and against the counts
 * the generator knows for the sample files.
 */
class AthenaQueriesTest {
  private static final Path ROOT = SampleWarehouse.ROOT;
  private static final String TABLE = SampleWarehouse.DATABASE + "." + SampleWarehouse.RATES;
  /** The database of the same rows in the default {@code --layout source}. */
  private static final String BY_SOURCE = SampleWarehouse.BY_SOURCE;

  private static SparkSession spark;

  @BeforeAll
  static void loadSampleData() {
    spark = SampleWarehouse.get().spark();
  }

  /** The queries of the rates tables; DatasetQueriesTest runs those of the dataset's. */
  static List<AnalystQuery> localQueries() {
    return AnalystQuery.loadAll(ROOT.resolve("athena-queries")).stream()
        .filter(AnalystQuery::runsLocally)
        .filter(query -> !SampleWarehouse.readsDataset(query))
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
            "09_providers_by_tin", "10_code_across_providers_normalized",
            "11_provider_across_codes_normalized");
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

  /**
   * The quartiles are the nearest-rank rates of each payer's rows for the code, computed here from
   * the rows themselves: the rate at 1-based position ceil(p * n) of the sorted rates.
   */
  @Test
  void quartilesAreTheNearestRankRatesOfEachPayer() {
    Map<String, List<BigDecimal>> ratesByPayer = new TreeMap<>();
    for (Row row : spark.sql("SELECT reporting_entity_name, negotiated_rate FROM " + TABLE
        + " WHERE billing_code = '43239'").collectAsList()) {
      ratesByPayer.computeIfAbsent(row.getString(0), payer -> new ArrayList<>())
          .add(row.getDecimal(1));
    }
    List<List<String>> expected = new ArrayList<>();
    ratesByPayer.forEach((payer, rates) -> {
      List<BigDecimal> sorted = rates.stream().sorted().toList();
      int n = sorted.size();
      expected.add(List.of(payer, Integer.toString(n), ResultCells.cell(sorted.get(0)),
          ResultCells.cell(sorted.get((n + 3) / 4 - 1)), ResultCells.cell(sorted.get((n + 1) / 2 - 1)),
          ResultCells.cell(sorted.get((3 * n + 3) / 4 - 1)), ResultCells.cell(sorted.get(n - 1))));
    });

    assertThat(expected).hasSizeGreaterThan(1);
    assertThat(sparkRows(query("05_price_distribution_for_code").sql()))
        .containsExactlyElementsOf(expected);
  }

  /** The normalized tables answer the questions of the denormalized table alike, on Spark. */
  @Test
  void theSparkTwinsOfTheNormalizedQueriesAnswerLikeTheDenormalizedOriginals() {
    assertThat(query("10_code_across_providers_normalized").hasSparkTwin()).isTrue();
    assertThat(sparkRows(query("10_code_across_providers_normalized").sparkSql())).isNotEmpty()
        .containsExactlyElementsOf(sparkRows(query("02_code_across_providers").sql()));
    assertThat(sparkRows(query("11_provider_across_codes_normalized").sparkSql())).isNotEmpty()
        .containsExactlyElementsOf(sparkRows(query("03_provider_across_codes").sql()));
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

  /**
   * The provider query finds its NPI at exactly the payers whose sample files give it rows, with
   * as many prices per payer as a naive reading of those files finds.
   */
  @Test
  void providerQueryFindsItsNpiAtExactlyThePayersWhoseFilesHaveIt() throws IOException {
    Map<String, Long> expected = new TreeMap<>();
    for (SampleDataSet sample : SampleDataSet.values()) {
      long prices = NaiveExplode.rows(SampleWarehouse.sampleFile(sample)).stream()
          .filter(row -> row.split("\\|", -1)[NaiveExplode.NPI].equals("1248172423")).count();
      if (prices > 0) {
        expected.put(sample.spec().reportingEntityName(), prices);
      }
    }
    List<Row> rows = spark.sql(query("03_provider_across_codes").sql()).collectAsList();
    Map<String, Long> found = new TreeMap<>();
    rows.forEach(row -> found.merge(row.getString(0), row.getLong(row.fieldIndex("prices")),
        Long::sum));

    assertThat(rows).as("fewer rows than the query's LIMIT").hasSizeLessThan(40);
    assertThat(expected).as("payers with the NPI").hasSizeGreaterThan(1);
    assertThat(found).isEqualTo(expected);
  }

  private static AnalystQuery query(String name) {
    return localQueries().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
  }

  private static ExpectedCounts expectedCounts(SampleDataSet sample) {
    try {
      return ExpectedCounts.fromJson(
          Files.readString(ExpectedCounts.sidecarOf(SampleWarehouse.sampleFile(sample))));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the expected counts of " + sample, e);
    }
  }

  private static List<List<String>> sparkRows(String sql) {
    return ResultCells.of(spark.sql(sql).collectAsList());
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
      try (ResultSet result = statement.executeQuery(sql)) {
        return ResultCells.of(result);
      }
    }
  }
}
