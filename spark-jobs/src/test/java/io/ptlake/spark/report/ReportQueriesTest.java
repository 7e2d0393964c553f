package io.ptlake.spark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ptlake.generator.SampleDataSet;
import io.ptlake.spark.TableFiles;
import io.ptlake.spark.sql.SqlScript;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The report's SQL files (athena-queries/report/) on the sample files: each run on Spark SQL
 * and on DuckDB over the same Parquet files (a second engine of Athena's dialect) with the same
 * parameters, cell by cell; and their figures against an oracle computed here in Java from the
 * table's raw rows: nearest-rank percentiles, Tukey fences, price bands, a provider's rank.
 */
class ReportQueriesTest {
  private static final String ALL_FROM = ReportConfig.FIRST_MONTH;
  private static final String ALL_TO = ReportConfig.LAST_MONTH;
  private static final int[] PERCENTS = {10, 25, 50, 75, 90};
  /** A query using a function DuckDB has otherwise says so, as in athena-queries/. */
  private static final Pattern DUCKDB_NO = Pattern.compile("(?m)^--\\s*duckdb:\\s*no\\b");

  private static SparkSession spark;
  private static TableNames tables;
  /** The rates table's rows, as the oracle reads them. */
  private static List<RawRow> raw;

  record RawRow(String code, String payer, String type, String billingClass, BigDecimal rate,
      Long npi, String tin, String month) {}

  @BeforeAll
  static void load() {
    spark = ReportFixture.spark();
    tables = TableNames.of(ReportFixture.config());
    raw = new ArrayList<>();
    for (Row row : spark.sql("SELECT billing_code, reporting_entity_name, negotiated_type,"
        + " billing_class, negotiated_rate, npi, tin_value, snapshot_month FROM "
        + tables.rates()).collectAsList()) {
      raw.add(new RawRow(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
          row.getDecimal(4), row.isNullAt(5) ? null : row.getLong(5), row.getString(6),
          row.getString(7)));
    }
    spark.sql("CREATE TABLE " + tables.providers() + " (npi BIGINT, entity_type STRING,"
        + " name STRING, credential STRING, city STRING, state STRING, zip5 STRING)"
        + " USING parquet");
    spark.sql("INSERT INTO " + tables.providers() + " VALUES (" + ReportFixture.NPI
        + ", '1', 'ROSE, ANNA', 'MD', 'BOSTON', 'MA', '02115'),"
        + " (1000000004, '2', 'LAKESIDE CLINIC', NULL, 'AUSTIN', 'TX', '73301')");
  }

  @AfterAll
  static void dropProviders() {
    spark.sql("DROP TABLE IF EXISTS " + tables.providers());
  }

  static Stream<Arguments> runs() {
    return Stream.of(
        Arguments.of(ReportSql.ROWS_BY_SOURCE, List.of(ALL_FROM, ALL_TO)),
        Arguments.of(ReportSql.FILES_BY_SOURCE, List.of(ALL_FROM, ALL_TO)),
        Arguments.of(ReportSql.TOP_CODES, List.of(ALL_FROM, ALL_TO, 5)),
        Arguments.of(ReportSql.CODE_DISTRIBUTION, List.of("59400", ALL_FROM, ALL_TO)),
        Arguments.of(ReportSql.CODE_HISTOGRAM, List.of("43239", ALL_FROM, ALL_TO)),
        Arguments.of(ReportSql.CODE_OUTLIERS, List.of("E0601", ALL_FROM, ALL_TO, 50)),
        Arguments.of(ReportSql.PROVIDER_VS_MARKET, List.of(ReportFixture.NPI, ALL_FROM, ALL_TO,
            40, ReportFixture.NPI, ALL_FROM, ALL_TO)),
        Arguments.of(ReportSql.PROVIDER_NAMES, List.of(ReportFixture.NPI)));
  }

  @Test
  void everyFileOfTheFolderIsAQueryOfTheReportAndNamesItsParameters() throws IOException {
    Path folder = ReportFixture.ROOT.resolve(ReportSql.FOLDER);
    List<String> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.map(file -> file.getFileName().toString()).sorted().toList();
    }
    assertThat(files).containsExactlyElementsOf(Stream.of(ReportSql.values())
        .map(query -> query.fileName() + ".sql").toList());

    Pattern parameters = Pattern.compile("(?m)^--\\s*parameters:\\s*(.+)$");
    for (ReportSql query : ReportSql.values()) {
      String text = ReportFixture.read(query);
      assertThat(text).as(query.path()).startsWith("-- title: ").contains("-- answers: ");
      assertThat(SqlScript.statements(text)).as(query.path()).hasSize(1);
      // The statement the jar runs is the file's, to the letter.
      assertThat(query.statement()).isEqualTo(SqlScript.statements(text).get(0));
      Matcher named = parameters.matcher(text);
      assertThat(named.find()).as(query.path() + " has a parameters line").isTrue();
      String names = named.group(1).replaceAll("\\([^)]*\\)", "");
      assertThat(names.split(",")).as(query.path() + ": the names in -- parameters:, one per ?")
          .hasSize(query.parameterMarkers());
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("runs")
  void sparkAndDuckDbGiveTheSameResult(ReportSql query, List<Object> parameters)
      throws SQLException {
    assumeTrue(!DUCKDB_NO.matcher(ReportFixture.read(query)).find(),
        query.path() + " says -- duckdb: no; it is checked against the generator's counts");
    List<List<String>> fromSpark = sparkRows(query, parameters);

    assertThat(fromSpark).isNotEmpty();
    assertThat(fromSpark).containsExactlyElementsOf(duckDbRows(query, parameters));
  }

  @Test
  void rowsBySourceAndFilesBySourceMatchTheGeneratorsCounts() {
    QueryResult rows = run(ReportSql.ROWS_BY_SOURCE, ALL_FROM, ALL_TO);
    QueryResult files = run(ReportSql.FILES_BY_SOURCE, ALL_FROM, ALL_TO);
    Map<String, Long> expected = new TreeMap<>();
    Map<String, Long> undefined = new TreeMap<>();
    for (SampleDataSet sample : SampleDataSet.values()) {
      expected.put(sample.spec().reportingEntityName(),
          ReportFixture.expectedCounts(sample).expectedRows());
      undefined.put(sample.spec().reportingEntityName(),
          ReportFixture.expectedCounts(sample).undefinedReferenceIds());
    }

    assertThat(byPayer(rows, "written_rows")).isEqualTo(expected);
    assertThat(byPayer(files, "expected_rows")).isEqualTo(expected);
    assertThat(byPayer(files, "undefined_reference_ids")).isEqualTo(undefined);
    assertThat(run(ReportSql.ROWS_BY_SOURCE, "2025-05", "2025-05").size()).isEqualTo(1);
  }

  @Test
  void topCodesAreTheCodesWithTheMostRows() {
    Map<String, Long> byCode = new HashMap<>();
    raw.forEach(row -> byCode.merge(row.code(), 1L, Long::sum));
    List<String> expected = byCode.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(4).map(Map.Entry::getKey).toList();

    QueryResult top = run(ReportSql.TOP_CODES, ALL_FROM, ALL_TO, 4);

    assertThat(column(top, "billing_code")).containsExactlyElementsOf(expected);
    for (int row = 0; row < top.size(); row++) {
      assertThat(top.count(row, "price_rows")).isEqualTo(byCode.get(top.text(row, "billing_code")));
    }
  }

  /** Every group of every scope against nearest-rank percentiles of its rates, sorted here. */
  @ParameterizedTest
  @MethodSource("codes")
  void distributionIsExactNearestRankPercentilesOfEveryGroup(String code) {
    QueryResult distribution = run(ReportSql.CODE_DISTRIBUTION, code, ALL_FROM, ALL_TO);
    List<RawRow> rows = raw.stream().filter(row -> row.code().equals(code)).toList();
    Map<List<String>, List<RawRow>> groups = new HashMap<>();
    for (RawRow row : rows) {
      groups.computeIfAbsent(List.of("code"), k -> new ArrayList<>()).add(row);
      groups.computeIfAbsent(List.of("market", row.type(), row.billingClass()),
          k -> new ArrayList<>()).add(row);
      groups.computeIfAbsent(List.of("payer", row.type(), row.billingClass(), row.payer()),
          k -> new ArrayList<>()).add(row);
    }

    assertThat(distribution.size()).isEqualTo(groups.size());
    for (int r = 0; r < distribution.size(); r++) {
      String scope = distribution.text(r, "scope");
      List<String> key = switch (scope) {
        case "code" -> List.of("code");
        case "market" -> List.of("market", distribution.text(r, "negotiated_type"),
            distribution.text(r, "billing_class"));
        default -> List.of("payer", distribution.text(r, "negotiated_type"),
            distribution.text(r, "billing_class"), distribution.text(r, "reporting_entity_name"));
      };
      List<RawRow> group = groups.get(key);
      assertThat(group).as("group %s", key).isNotNull();
      List<BigDecimal> rates = sortedRates(group);
      assertThat(distribution.count(r, "price_rows")).isEqualTo(group.size());
      assertThat(distribution.count(r, "npis")).isEqualTo(
          group.stream().map(RawRow::npi).filter(Objects::nonNull).distinct().count());
      assertThat(distribution.count(r, "payers")).isEqualTo(
          group.stream().map(RawRow::payer).distinct().count());
      assertThat(distribution.decimal(r, "min_rate")).isEqualByComparingTo(rates.get(0));
      assertThat(distribution.decimal(r, "max_rate"))
          .isEqualByComparingTo(rates.get(rates.size() - 1));
      for (int percent : PERCENTS) {
        assertThat(distribution.decimal(r, "p" + percent + "_rate"))
            .as("p%d of %s", percent, key)
            .isEqualByComparingTo(nearestRank(rates, percent));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("codes")
  void histogramCountsEveryRowOnceInItsBand(String code) {
    Map<String, Long> expected = new TreeMap<>();
    for (RawRow row : raw) {
      if (row.code().equals(code)) {
        String band = row.rate().signum() > 0
            ? String.valueOf((int) Math.floor(10 * Math.log10(row.rate().doubleValue()))) : "none";
        expected.merge(row.type() + "/" + band, 1L, Long::sum);
      }
    }
    QueryResult histogram = run(ReportSql.CODE_HISTOGRAM, code, ALL_FROM, ALL_TO);
    Map<String, Long> bands = new TreeMap<>();
    for (int r = 0; r < histogram.size(); r++) {
      Object band = histogram.value(r, "log_band");
      bands.put(histogram.text(r, "negotiated_type") + "/" + (band == null ? "none" : band),
          histogram.count(r, "price_rows"));
    }

    assertThat(bands).isEqualTo(expected);
  }

  /** The outliers are exactly the rows beyond their market's far-out fences, grouped. */
  @ParameterizedTest
  @MethodSource("codes")
  void outliersAreTheRowsBeyondTheFarOutFencesOfTheirMarket(String code) {
    Map<List<Object>, Long> expected = new HashMap<>();
    Map<List<String>, List<RawRow>> markets = new HashMap<>();
    raw.stream().filter(row -> row.code().equals(code)).forEach(row -> markets
        .computeIfAbsent(List.of(row.type(), row.billingClass()), k -> new ArrayList<>()).add(row));
    markets.values().stream().filter(market -> market.size() >= 20).forEach(market -> {
      List<BigDecimal> rates = sortedRates(market);
      BigDecimal q1 = nearestRank(rates, 25);
      BigDecimal q3 = nearestRank(rates, 75);
      BigDecimal tenthOfMedian = nearestRank(rates, 50).divide(BigDecimal.TEN);
      BigDecimal reach = q3.subtract(q1).max(tenthOfMedian).multiply(BigDecimal.valueOf(3));
      for (RawRow row : market) {
        if (row.rate().compareTo(q3.add(reach)) > 0
            || row.rate().compareTo(q1.subtract(reach)) < 0) {
          expected.merge(Arrays.asList(row.payer(), row.tin(), row.type(), row.billingClass(),
              row.rate().stripTrailingZeros()), 1L, Long::sum);
        }
      }
    });
    QueryResult outliers = run(ReportSql.CODE_OUTLIERS, code, ALL_FROM, ALL_TO, 1000);
    Map<List<Object>, Long> found = new HashMap<>();
    for (int r = 0; r < outliers.size(); r++) {
      found.put(Arrays.asList(outliers.text(r, "reporting_entity_name"),
          outliers.text(r, "tin_value"), outliers.text(r, "negotiated_type"),
          outliers.text(r, "billing_class"),
          outliers.decimal(r, "negotiated_rate").stripTrailingZeros()),
          outliers.count(r, "price_rows"));
    }

    assertThat(found).isEqualTo(expected);
    List<BigDecimal> distances = new ArrayList<>();
    for (int r = 0; r < outliers.size(); r++) {
      distances.add(outliers.decimal(r, "negotiated_rate")
          .subtract(outliers.decimal(r, "market_median_rate")).abs());
    }
    assertThat(distances).isSortedAccordingTo(Comparator.reverseOrder());
  }

  @Test
  void providerIsComparedWithEveryPayersRowsOfItsCodes() {
    QueryResult comparison = run(ReportSql.PROVIDER_VS_MARKET, ReportFixture.NPI, ALL_FROM,
        ALL_TO, 1000, ReportFixture.NPI, ALL_FROM, ALL_TO);
    Map<List<String>, List<RawRow>> own = new HashMap<>();
    raw.stream().filter(row -> Long.valueOf(ReportFixture.NPI).equals(row.npi())).forEach(row ->
        own.computeIfAbsent(List.of(row.code(), row.type(), row.billingClass()),
            k -> new ArrayList<>()).add(row));

    assertThat(comparison.size()).isEqualTo(own.size()).isGreaterThan(5);
    for (int r = 0; r < comparison.size(); r++) {
      List<String> key = List.of(comparison.text(r, "billing_code"),
          comparison.text(r, "negotiated_type"), comparison.text(r, "billing_class"));
      List<BigDecimal> mine = sortedRates(own.get(key));
      List<BigDecimal> market = sortedRates(raw.stream().filter(row -> List.of(row.code(),
          row.type(), row.billingClass()).equals(key)).toList());
      BigDecimal median = nearestRank(mine, 50);
      assertThat(comparison.count(r, "provider_rows")).isEqualTo(mine.size());
      assertThat(comparison.decimal(r, "provider_min_rate")).isEqualByComparingTo(mine.get(0));
      assertThat(comparison.decimal(r, "provider_median_rate")).isEqualByComparingTo(median);
      assertThat(comparison.decimal(r, "provider_max_rate"))
          .isEqualByComparingTo(mine.get(mine.size() - 1));
      assertThat(comparison.count(r, "market_rows")).isEqualTo(market.size());
      assertThat(comparison.count(r, "market_rows_below_provider_median"))
          .isEqualTo(market.stream().filter(rate -> rate.compareTo(median) < 0).count());
      for (int percent : PERCENTS) {
        assertThat(comparison.decimal(r, "market_p" + percent + "_rate"))
            .isEqualByComparingTo(nearestRank(market, percent));
      }
    }
    assertThat(column(comparison, "provider_rows").stream().map(Long::valueOf).toList())
        .isSortedAccordingTo(Comparator.reverseOrder());
  }

  static List<String> codes() {
    return List.of("59400", "E0601");
  }

  /** The smallest rate that at least {@code percent}% of the rates are at or below. */
  static BigDecimal nearestRank(List<BigDecimal> sorted, int percent) {
    int rank = Math.max(1, (percent * sorted.size() + 99) / 100);
    return sorted.get(rank - 1);
  }

  private static List<BigDecimal> sortedRates(List<RawRow> rows) {
    return rows.stream().map(RawRow::rate).sorted().toList();
  }

  private static QueryResult run(ReportSql query, Object... parameters) {
    return new QueryRunner(spark, tables, new PrintWriter(Writer.nullWriter()))
        .run(query, "", parameters);
  }

  private static Map<String, Long> byPayer(QueryResult result, String column) {
    Map<String, Long> byPayer = new TreeMap<>();
    for (int row = 0; row < result.size(); row++) {
      byPayer.merge(result.text(row, "reporting_entity_name"), result.count(row, column),
          Long::sum);
    }
    return byPayer;
  }

  private static List<String> column(QueryResult result, String column) {
    List<String> values = new ArrayList<>();
    for (int row = 0; row < result.size(); row++) {
      values.add(result.text(row, column));
    }
    return values;
  }

  private static List<List<String>> sparkRows(ReportSql query, List<Object> parameters) {
    QueryResult result = run(query, parameters.toArray());
    List<List<String>> rows = new ArrayList<>();
    for (List<Object> row : result.rows()) {
      rows.add(row.stream().map(ReportQueriesTest::normalise).toList());
    }
    return rows;
  }

  /** The same statement on DuckDB, over views named like the tables of the SQL files. */
  private static List<List<String>> duckDbRows(ReportSql query, List<Object> parameters)
      throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement setup = duck.createStatement()) {
      setup.execute("CREATE SCHEMA ptlake");
      setup.execute("CREATE VIEW ptlake.in_network_rates AS SELECT * FROM read_parquet('"
          + parquet(tables.rates()) + "', hive_partitioning = true,"
          + " hive_types = {'snapshot_month': VARCHAR, 'source_id': VARCHAR})");
      setup.execute("CREATE VIEW ptlake.files AS SELECT * FROM read_parquet('"
          + parquet(tables.files()) + "', hive_partitioning = true,"
          + " hive_types = {'snapshot_month': VARCHAR})");
      setup.execute("CREATE VIEW ptlake.providers AS SELECT * FROM read_parquet('"
          + parquet(tables.providers()) + "')");
      List<List<String>> rows = new ArrayList<>();
      try (PreparedStatement statement = duck.prepareStatement(query.statement())) {
        for (int p = 0; p < parameters.size(); p++) {
          statement.setObject(p + 1, parameters.get(p));
        }
        try (ResultSet result = statement.executeQuery()) {
          int columns = result.getMetaData().getColumnCount();
          while (result.next()) {
            List<String> cells = new ArrayList<>();
            for (int c = 1; c <= columns; c++) {
              cells.add(normalise(result.getObject(c)));
            }
            rows.add(cells);
          }
        }
      }
      return rows;
    }
  }

  private static String parquet(String table) {
    return TableFiles.location(spark, table).resolve("**/*.parquet").toString();
  }

  /** Numbers compare by value (Spark sums into decimals, DuckDB into HUGEINT or double). */
  static String normalise(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Number number) {
      BigDecimal decimal = new BigDecimal(number.toString());
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }
}
