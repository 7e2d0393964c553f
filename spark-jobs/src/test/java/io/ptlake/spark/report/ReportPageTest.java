package io.ptlake.spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.ingest.RateExplodeJob;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page of the report on the sample files, read as HTML: every figure it shows and every
 * chart mark equals the value of the query result it names; every result embedded in it is what
 * its statement gives when run again on Spark; the page loads nothing; NPIs get NPPES names when
 * a providers table exists and stay bare when it does not.
 */
class ReportPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SparkSession spark;
  private static Document page;
  /** Each embedded result by id, as the page holds it. */
  private static Map<String, JsonNode> results;

  @BeforeAll
  static void render() throws IOException {
    spark = ReportFixture.spark();
    page = Jsoup.parse(ReportFixture.page());
    results = embedded(page);
  }

  @Test
  void everyEmbeddedResultIsWhatItsStatementGivesWhenRunAgain() {
    assertThat(results).hasSizeGreaterThanOrEqualTo(3 + 3 * ReportFixture.TOP_CODES);
    for (JsonNode result : results.values()) {
      String statement = result.path("statement").asText();
      Object[] parameters = parameters(statement, result.path("parameters"));
      List<List<String>> again = new ArrayList<>();
      for (Row row : spark.sql(statement, parameters).collectAsList()) {
        List<String> cells = new ArrayList<>();
        for (int c = 0; c < row.length(); c++) {
          cells.add(ReportQueriesTest.normalise(row.get(c)));
        }
        again.add(cells);
      }

      assertThat(rows(result)).as(result.path("file").asText() + " " + result.path("subject"))
          .isEqualTo(again);
    }
  }

  @Test
  void everyFigureShownIsItsResultsValue() {
    List<Element> figures = page.select("[data-query][data-row][data-col]");

    assertThat(figures).hasSizeGreaterThan(300);
    for (Element figure : figures) {
      String expected = value(figure.attr("data-query"), figure.attr("data-row"),
          figure.attr("data-col"));
      String where = figure.attr("data-query") + " row " + figure.attr("data-row") + " "
          + figure.attr("data-col");
      if (expected.equals("NULL")) {
        assertThat(figure.attr("data-null")).as(where).isEqualTo("true");
        continue;
      }
      assertThat(figure.attr("data-value")).as(where).isEqualTo(expected);
      String shown = figure.ownText().isEmpty() ? figure.text() : figure.ownText();
      if (figure.hasClass("rounded")) {
        assertThat(figure.attr("title")).as(where)
            .isEqualTo(Figures.count(Long.parseLong(expected)) + " bytes");
      } else if (isNumber(expected) && figure.select(".provider-name, .npi-number").isEmpty()) {
        assertThat(new BigDecimal(shown.replace(",", ""))).as(where)
            .isEqualByComparingTo(new BigDecimal(expected));
      } else if (figure.select(".npi-number").isEmpty()) {
        assertThat(shown).as(where).isEqualTo(expected);
      }
    }
  }

  @Test
  void everyChartMarkCarriesItsResultsFigures() {
    List<Element> boxes = page.select("svg.chart g.box[data-query]");
    List<Element> bars = page.select("svg.chart g.bar[data-row]");
    List<Element> months = page.select("svg.chart g.bar[data-rows]");

    assertThat(boxes).isNotEmpty();
    for (Element box : boxes) {
      JsonNode result = results.get(box.attr("data-query"));
      String prefix = columns(result).contains("market_p50_rate") ? "market_" : "";
      for (String figure : List.of("min", "p10", "p25", "p50", "p75", "p90", "max")) {
        assertThat(box.attr("data-" + figure)).isEqualTo(value(box.attr("data-query"),
            box.attr("data-row"), prefix + figure + "_rate"));
      }
    }
    assertThat(bars).isNotEmpty();
    for (Element bar : bars) {
      assertThat(bar.attr("data-value")).isEqualTo(
          value(bar.attr("data-query"), bar.attr("data-row"), "price_rows"));
      assertThat(Double.parseDouble(bar.selectFirst("rect").attr("height"))).isPositive();
    }
    assertThat(months).isNotEmpty();
    for (Element month : months) {
      long sum = Stream.of(month.attr("data-rows").split(" "))
          .mapToLong(row -> Long.parseLong(value(month.attr("data-query"), row, "written_rows")))
          .sum();
      assertThat(month.attr("data-value")).isEqualTo(String.valueOf(sum));
    }
  }

  @Test
  void hasAChartPerCodeAndSection() {
    List<String> charts = page.select("svg.chart").eachAttr("data-chart");

    assertThat(charts).contains("rows-by-month", "provider-vs-market");
    assertThat(charts.stream().filter(chart -> chart.startsWith("box-code-"))).hasSize(
        ReportFixture.TOP_CODES);
    assertThat(charts.stream().filter(chart -> chart.startsWith("hist-code-"))).hasSize(
        ReportFixture.TOP_CODES);
  }

  @Test
  void pageLoadsNothing() {
    assertThat(page.select("[src]")).isEmpty();
    assertThat(page.select("link")).isEmpty();
    assertThat(page.select("a[href]").eachAttr("href")).allMatch(href -> href.startsWith("#"));
    assertThat(page.select("script").eachAttr("type")).containsOnly("application/json");
    assertThat(page.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"))
        .startsWith("default-src 'none'");
  }

  /** Written and expected rows per source, against the run reports read here. */
  @Test
  void loadHealthReconcilesEverySourceWithItsRunReport() throws IOException {
    Map<String, JsonNode> runs = new HashMap<>();
    Path runReports = SharedSpark.warehouse().resolve(RateExplodeJob.RUNS_DIR);
    try (Stream<Path> files = Files.list(runReports)) {
      for (Path file : files.sorted().toList()) {
        JsonNode report = JSON.readTree(file.toFile());
        if (report.path("table").asText().equals(ReportFixture.DATABASE + ".in_network_rates")) {
          report.path("sources").forEach(source -> runs.put(source.path("snapshot_month")
              .asText() + "/" + source.path("source_id").asText(), source));
        }
      }
    }
    List<Element> sources = page.select("tr[data-source-key]");

    assertThat(sources).hasSize(6);
    for (Element source : sources) {
      JsonNode run = runs.get(source.attr("data-source-key"));
      assertThat(run).as(source.attr("data-source-key")).isNotNull();
      assertThat(source.selectFirst("[data-col=written_rows]").attr("data-value"))
          .isEqualTo(run.path("written_rows").asText());
      assertThat(source.selectFirst("[data-col=expected_rows]").attr("data-value"))
          .isEqualTo(run.path("expected_rows").asText());
      assertThat(source.selectFirst("[data-source=run-report]").attr("data-value"))
          .isEqualTo(run.path("rejected_records").asText());
      assertThat(source.selectFirst("td.status").attr("data-status")).isEqualTo("complete");
    }
  }

  @Test
  void withoutAProvidersTableNpisAreBare() {
    assertThat(page.select(".provider-name")).isEmpty();
    assertThat(page.select("td.npi[data-value] .npi-number")).isNotEmpty();
    assertThat(page.selectFirst("#method").text()).contains("No report_it.providers table");
  }

  /** Each NPI shown gets its own NPPES name and place, from a table made here for every NPI. */
  @Test
  void withAProvidersTableNpisGetTheirNamesAndPlaces() {
    TableNames tables = TableNames.of(ReportFixture.config());
    spark.sql("CREATE TABLE " + tables.providers() + " USING parquet AS SELECT npi,"
        + " '1' AS entity_type, concat('PROVIDER ', npi) AS name, 'MD' AS credential,"
        + " concat('CITY ', npi % 7) AS city, 'ST' AS state, '12345' AS zip5,"
        + " '207Q00000X' AS primary_taxonomy_code, CAST(NULL AS DATE) AS deactivation_date"
        + " FROM (SELECT DISTINCT npi FROM " + tables.rates() + " WHERE npi IS NOT NULL)");
    try {
      Document named = Jsoup.parse(ReportPage.render(ReportFixture.gather(
          ReportFixture.config().withCodes(List.of("E0601")))));

      List<Element> npis = named.select("td.npi[data-value]:not([data-null])");
      assertThat(npis).isNotEmpty();
      for (Element npi : npis) {
        long value = Long.parseLong(npi.attr("data-value"));
        assertThat(npi.selectFirst(".provider-name").text())
            .isEqualTo("PROVIDER " + value + ", MD");
        assertThat(npi.selectFirst(".place").text()).isEqualTo("CITY " + value % 7 + ", ST");
      }
      assertThat(named.selectFirst(".provider-title .provider-name").text())
          .isEqualTo("PROVIDER " + ReportFixture.NPI + ", MD");
      assertThat(named.selectFirst("#method").text())
          .contains("names and places from " + tables.providers());
    } finally {
      spark.sql("DROP TABLE " + tables.providers());
    }
  }

  @Test
  void aProvidersTableWithoutTheColumnsLeavesNpisBareAndSaysWhy() {
    TableNames tables = TableNames.of(ReportFixture.config());
    spark.sql("CREATE TABLE " + tables.providers() + " (npi BIGINT, provider_name STRING)"
        + " USING parquet");
    try {
      ReportData data = ReportFixture.gather(
          ReportFixture.config().withCodes(List.of("E0601")).withNpi(null));

      assertThat(data.names().byNpi()).isEmpty();
      assertThat(data.names().note()).contains("lacks the columns [entity_type, name,"
          + " credential, city, state]");
      assertThat(Jsoup.parse(ReportPage.render(data)).select(".provider-name")).isEmpty();
    } finally {
      spark.sql("DROP TABLE " + tables.providers());
    }
  }

  static Map<String, JsonNode> embedded(Document page) throws IOException {
    Map<String, JsonNode> results = new HashMap<>();
    for (Element script : page.select("script.query-result")) {
      JsonNode result = JSON.readTree(script.data());
      results.put(result.path("id").asText(), result);
    }
    return results;
  }

  /** A page figure's expected value: its result's cell, normalised as the tests compare. */
  private static String value(String query, String row, String column) {
    JsonNode result = results.get(query);
    JsonNode cell = result.path("rows").get(Integer.parseInt(row))
        .get(columns(result).indexOf(column));
    return cell.isNull() ? "NULL" : cell.isNumber()
        ? ReportQueriesTest.normalise(cell.decimalValue()) : cell.asText();
  }

  private static List<String> columns(JsonNode result) {
    List<String> columns = new ArrayList<>();
    result.path("columns").forEach(column -> columns.add(column.asText()));
    return columns;
  }

  private static List<List<String>> rows(JsonNode result) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : result.path("rows")) {
      List<String> cells = new ArrayList<>();
      row.forEach(cell -> cells.add(cell.isNull() ? "NULL" : cell.isNumber()
          ? ReportQueriesTest.normalise(cell.decimalValue()) : cell.asText()));
      rows.add(cells);
    }
    return rows;
  }

  /** The JSON parameters as Spark binds them: LIMIT takes an INT, other numbers are BIGINT. */
  private static Object[] parameters(String statement, JsonNode parameters) {
    String[] beforeMarkers = statement.split("\\?", -1);
    Object[] values = new Object[parameters.size()];
    for (int p = 0; p < values.length; p++) {
      JsonNode parameter = parameters.get(p);
      boolean limit = beforeMarkers[p].stripTrailing().toUpperCase().endsWith("LIMIT");
      values[p] = !parameter.isNumber() ? parameter.asText()
          : limit ? (Object) parameter.intValue() : (Object) parameter.longValue();
    }
    return values;
  }

  private static boolean isNumber(String text) {
    return text.matches("-?\\d+(\\.\\d+)?");
  }
}
