package io.ptlake.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ptlake.generator.AllowedAmountsCounts;
import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.SampleDataSet;
import io.ptlake.generator.SampleExtras;
import io.ptlake.generator.TaxonomySample;
import io.ptlake.preprocess.toc.TableOfContents;
import io.ptlake.spark.NppesSample;
import io.ptlake.spark.SampleRows;
import io.ptlake.spark.SampleRows.AllowedRow;
import io.ptlake.spark.SampleRows.PriceRow;
import io.ptlake.spark.SampleRows.RateRow;
import io.ptlake.spark.TableFiles;
import io.ptlake.spark.cli.PtlakeCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The analyst queries that join the dataset's tables (plans, plan_files, rates, allowed_amounts,
 * providers, taxonomies), on the lake the demo builds from sample-data/: on Spark SQL and on
 * DuckDB over the same Parquet files, and against results computed here from a literal reading
 * of the sample files ({@link SampleRows}, {@link NppesSample}).
 */
class DatasetQueriesTest {
  private static final Path ROOT = SampleWarehouse.ROOT;
  private static final Path SAMPLES = ROOT.resolve("sample-data");
  /** The lake's database; the queries name ptlake, replaced by this one on Spark. */
  private static final String DATABASE = SampleWarehouse.DATASET;
  private static final List<String> DOLLAR_TYPES = List.of("negotiated", "fee schedule", "derived");

  private static SparkSession spark;
  /** Every in-network sample file, by its path. */
  private static final Map<Path, List<RateRow>> rates = new TreeMap<>();
  private static List<AllowedRow> allowed;
  private static Map<Long, Map<String, String>> nppes;

  @BeforeAll
  static void buildTheDemoLake() throws IOException {
    SampleWarehouse warehouse = SampleWarehouse.get();
    warehouse.dataset();
    spark = warehouse.spark();
    for (SampleDataSet sample : SampleDataSet.values()) {
      Path file = SampleWarehouse.sampleFile(sample);
      rates.put(file, SampleRows.inNetwork(file));
    }
    allowed = SampleRows.allowed(SAMPLES.resolve(SampleExtras.ALLOWED_AMOUNTS));
    nppes = NppesSample.read(SAMPLES.resolve(SampleExtras.NPPES));
  }

  /** The local queries that read the dataset's tables (AthenaQueriesTest runs the others). */
  static List<AnalystQuery> datasetQueries() {
    return AnalystQuery.loadAll(ROOT.resolve("athena-queries")).stream()
        .filter(AnalystQuery::runsLocally)
        .filter(SampleWarehouse::readsDataset)
        .toList();
  }

  @Test
  void theOracleReadsTheRowsTheGeneratorCounted() throws IOException {
    for (SampleDataSet sample : SampleDataSet.values()) {
      Path file = SAMPLES.resolve(sample.fileName());
      assertThat((long) rates.get(file).size()).as(sample.fileName()).isEqualTo(ExpectedCounts
          .fromJson(Files.readString(ExpectedCounts.sidecarOf(file))).expectedRows());
    }
    assertThat((long) allowed.size()).isEqualTo(AllowedAmountsCounts.fromJson(Files.readString(
        ExpectedCounts.sidecarOf(SAMPLES.resolve(SampleExtras.ALLOWED_AMOUNTS)))).expectedRows());
    assertThat(datasetQueries()).extracting(AnalystQuery::name).containsExactly(
        "12_code_rates_by_plan", "13_code_rates_by_provider", "14_in_network_vs_allowed",
        "15_npis_unknown_to_nppes");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("datasetQueries")
  void sparkAndDuckDbGiveTheSameNonEmptyResult(AnalystQuery query) throws SQLException {
    List<List<String>> fromSpark = sparkRows(query);

    assertThat(fromSpark).isNotEmpty();
    assertThat(fromSpark).containsExactlyElementsOf(duckDbRows(query));
  }

  /**
   * Each plan of the ToC or a file header: the prices of the in-network files linked to it, for
   * the code; a plan that both list is one plan.
   */
  @Test
  void ratesByPlanAreThePricesOfTheFilesEachPlanIsLinkedTo() throws IOException {
    Map<List<String>, String> payers = new HashMap<>();
    Map<List<String>, Set<Path>> files = new HashMap<>();
    Path toc = SAMPLES.resolve(SampleExtras.TOC);
    JsonNode root = SampleRows.read(toc);
    for (JsonNode structure : root.path("reporting_structure")) {
      for (JsonNode plan : structure.path("reporting_plans")) {
        List<String> key = planKey(plan);
        payers.put(key, root.path("reporting_entity_name").asText());
        for (JsonNode file : structure.path("in_network_files")) {
          files.computeIfAbsent(key, k -> new HashSet<>()).add(
              Path.of(TableOfContents.resolve(toc.toString(), file.path("location").asText())));
        }
      }
    }
    for (Path file : rates.keySet()) {
      JsonNode header = SampleRows.read(file);
      List<String> key = planKey(header);
      payers.put(key, header.path("reporting_entity_name").asText());
      files.computeIfAbsent(key, k -> new HashSet<>()).add(file);
    }
    List<List<String>> expected = new ArrayList<>();
    for (Map.Entry<List<String>, Set<Path>> plan : files.entrySet()) {
      List<BigDecimal> prices = new ArrayList<>();
      int withCode = 0;
      for (Path file : plan.getValue()) {
        List<BigDecimal> ofFile = SampleRows.prices(file).stream()
            .filter(price -> price.billingCode().equals("27447")).map(PriceRow::rate).toList();
        withCode += ofFile.isEmpty() ? 0 : 1;
        prices.addAll(ofFile);
      }
      if (!prices.isEmpty()) {
        List<String> key = plan.getKey();
        expected.add(cells(payers.get(key), key.get(3), key.get(0), key.get(1), key.get(2),
            withCode, prices.size(), min(prices), max(prices)));
      }
    }
    expected.sort(Comparator.comparing((List<String> row) -> row.get(0))
        .thenComparing(row -> row.get(1)).thenComparing(row -> row.get(3)));

    assertThat(expected).hasSizeGreaterThan(3);
    assertThat(sparkRows(query("12_code_rates_by_plan"))).isEqualTo(expected);
  }

  @Test
  void ratesByProviderGroupTheCodesRowsInOneStateByTheirNppesNames() {
    // What the sample's CSV was written from (the load of that CSV is ProvidersLoadTest's).
    Map<String, String> specialties = TaxonomySample.classifications();
    Map<List<String>, List<RateRow>> groups = new HashMap<>();
    for (List<RateRow> ofFile : rates.values()) {
      for (RateRow row : ofFile) {
        Map<String, String> provider = row.npi() == null ? null : nppes.get(row.npi());
        if (!row.billingCode().equals("99213") || provider == null
            || NppesSample.deactivated(provider)
            || !provider.get("Provider Business Practice Location Address State Name")
                .equals("OH")) {
          continue;
        }
        String primary = NppesSample.primaryTaxonomy(provider);
        List<String> key = new ArrayList<>(java.util.Arrays.asList(
            NppesSample.name(provider), NppesSample.entityType(provider),
            specialties.getOrDefault(primary, primary),
            provider.get("Provider Business Practice Location Address City Name"), "OH"));
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
      }
    }
    List<List<String>> expected = new ArrayList<>();
    groups.forEach((key, rows) -> {
      List<BigDecimal> rates = rows.stream().map(RateRow::rate).toList();
      List<String> cells = new ArrayList<>(key);
      cells.addAll(cells(distinct(rows, RateRow::npi), distinct(rows, RateRow::payer),
          rows.size(), min(rates), max(rates)));
      expected.add(cells);
    });
    expected.sort(Comparator.comparing((List<String> row) -> new BigDecimal(row.get(8)))
        .thenComparing(row -> row.get(0)).thenComparing(row -> row.get(1))
        .thenComparing(row -> row.get(2)).thenComparing(row -> row.get(3)));

    assertThat(expected).hasSizeGreaterThan(20);
    assertThat(sparkRows(query("13_code_rates_by_provider"))).isEqualTo(expected.subList(0, 20));
  }

  @Test
  void inNetworkRatesSitBesideTheAllowedAmountsOfTheSamePayer() {
    Map<String, List<String>> byPayer = new TreeMap<>();
    for (List<RateRow> ofFile : rates.values()) {
      for (RateRow row : ofFile) {
        if (row.billingCode().equals("27447") && DOLLAR_TYPES.contains(row.negotiatedType())) {
          byPayer.putIfAbsent(row.payer(), null);
        }
      }
    }
    allowed.stream().filter(row -> row.billingCode().equals("27447"))
        .forEach(row -> byPayer.putIfAbsent(row.payer(), null));
    List<List<String>> expected = new ArrayList<>();
    for (String payer : byPayer.keySet()) {
      List<BigDecimal> in = rates.values().stream().flatMap(List::stream)
          .filter(row -> row.payer().equals(payer) && row.billingCode().equals("27447")
              && DOLLAR_TYPES.contains(row.negotiatedType()))
          .map(RateRow::rate).toList();
      List<AllowedRow> out = allowed.stream()
          .filter(row -> row.payer().equals(payer) && row.billingCode().equals("27447"))
          .toList();
      List<BigDecimal> amounts = out.stream().map(AllowedRow::allowed).toList();
      List<BigDecimal> billed = out.stream().map(AllowedRow::billed)
          .filter(Objects::nonNull).toList();
      expected.add(cells(payer, in.isEmpty() ? null : in.size(), min(in), avg(in), max(in),
          out.isEmpty() ? null : out.size(), min(amounts), avg(amounts), max(amounts),
          avg(billed)));
    }

    assertThat(expected).anyMatch(row -> !row.get(1).equals("NULL") && !row.get(5).equals("NULL"));
    assertThat(sparkRows(query("14_in_network_vs_allowed"))).isEqualTo(expected);
  }

  @Test
  void npisUnknownToNppesAreCountedPerPayerAndFileType() {
    Map<List<String>, Set<Long>> listed = new TreeMap<>(
        Comparator.comparing((List<String> key) -> key.get(0)).thenComparing(key -> key.get(1)));
    for (List<RateRow> ofFile : rates.values()) {
      for (RateRow row : ofFile) {
        if (row.npi() != null && row.npi() != 0) {
          listed.computeIfAbsent(List.of(row.payer(), "in-network-rates"), k -> new TreeSet<>())
              .add(row.npi());
        }
      }
    }
    for (AllowedRow row : allowed) {
      if (row.npi() != null && row.npi() != 0) {
        listed.computeIfAbsent(List.of(row.payer(), "allowed-amounts"), k -> new TreeSet<>())
            .add(row.npi());
      }
    }
    List<List<String>> expected = new ArrayList<>();
    listed.forEach((key, npis) -> {
      List<Long> unknown = npis.stream().filter(npi -> !nppes.containsKey(npi)).toList();
      long deactivated = npis.stream().filter(npi -> nppes.containsKey(npi)
          && NppesSample.deactivated(nppes.get(npi))).count();
      expected.add(cells(key.get(0), key.get(1), npis.size(), unknown.size(), deactivated,
          unknown.isEmpty() ? null : unknown.get(0)));
    });

    assertThat(expected).allMatch(row -> !row.get(3).equals("0"));
    assertThat(sparkRows(query("15_npis_unknown_to_nppes"))).isEqualTo(expected);
  }

  /**
   * {@code catalog register} finds every table of the demo's lake: its dry run's Glue requests and
   * its Trino statements create each one at the folder Spark reads (TrinoQueriesTest runs them).
   */
  @Test
  void catalogRegisterDescribesEveryTableOfTheLake() {
    String glue = register("--dry-run");
    String trino = register("--trino-ddl", "hive");

    for (String table : List.of("in_network_rates", "rates", "provider_groups",
        "in_network_items", "files", "allowed_amounts", "plans", "plan_files", "providers",
        "taxonomies")) {
      Path location = TableFiles.location(spark, DATABASE + "." + table);
      assertThat(glue).as(table).contains("\"Name\" : \"" + table + "\"",
          "\"Location\" : \"" + location.toUri().toString().replaceFirst("/$", "") + "\"");
      assertThat(trino).as(table).contains(
          "CREATE TABLE IF NOT EXISTS \"hive\".\"" + DATABASE + "\".\"" + table + "\" (",
          "external_location = 'local://" + location.toAbsolutePath() + "'");
    }
  }

  private static String register(String... options) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine ptlake = PtlakeCli.commandLine();
    ptlake.setOut(new PrintWriter(out));
    ptlake.setErr(new PrintWriter(err));
    List<String> args = new ArrayList<>(List.of("catalog", "register", "--warehouse",
        SampleWarehouse.get().warehouse().toString(), "--database", DATABASE));
    args.addAll(List.of(options));
    assertThat(ptlake.execute(args.toArray(String[]::new))).as(err.toString()).isZero();
    return out.toString();
  }

  private static AnalystQuery query(String name) {
    return datasetQueries().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
  }

  /** A plan's identity as plan_key hashes it: id type, id, market type, name. */
  private static List<String> planKey(JsonNode plan) {
    return List.of(plan.path("plan_id_type").asText().toLowerCase(java.util.Locale.ROOT),
        plan.path("plan_id").asText().strip(),
        plan.path("plan_market_type").asText().toLowerCase(java.util.Locale.ROOT),
        plan.path("plan_name").asText().strip());
  }

  private static <T> long distinct(List<T> rows, Function<T, Object> key) {
    return rows.stream().map(key).distinct().count();
  }

  private static BigDecimal min(List<BigDecimal> values) {
    return values.stream().min(Comparator.naturalOrder()).orElse(null);
  }

  private static BigDecimal max(List<BigDecimal> values) {
    return values.stream().max(Comparator.naturalOrder()).orElse(null);
  }

  /** Spark's ROUND(AVG(decimal(38,10)), 2): the average at scale 14, then half up to cents. */
  private static BigDecimal avg(List<BigDecimal> values) {
    if (values.isEmpty()) {
      return null;
    }
    BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    return sum.divide(BigDecimal.valueOf(values.size()), 14, RoundingMode.HALF_UP)
        .setScale(2, RoundingMode.HALF_UP);
  }

  private static List<String> cells(Object... values) {
    List<String> cells = new ArrayList<>();
    for (Object value : values) {
      cells.add(ResultCells.cell(value));
    }
    return cells;
  }

  private static List<List<String>> sparkRows(AnalystQuery query) {
    return ResultCells.of(spark.sql(SampleWarehouse.onItsLake(query, query.sql())).collectAsList());
  }

  /** The query as written, on DuckDB views named ptlake.* over the tables' Parquet files. */
  private static List<List<String>> duckDbRows(AnalystQuery query) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute("CREATE SCHEMA ptlake");
      for (String table : query.tables()) {
        String parquet = TableFiles.location(spark, DATABASE + "." + table)
            .resolve("**/*.parquet").toString();
        statement.execute("CREATE VIEW ptlake." + table + " AS SELECT * FROM read_parquet('"
            + parquet + "', hive_partitioning = true, hive_types_autocast = false)");
      }
      try (ResultSet result = statement.executeQuery(query.sql())) {
        return ResultCells.of(result);
      }
    }
  }
}
