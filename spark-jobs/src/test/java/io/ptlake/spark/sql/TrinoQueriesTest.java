package io.ptlake.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.spark.TableFiles;
import io.ptlake.spark.catalog.LakeTables;
import io.ptlake.spark.catalog.LakeTables.LakeTable;
import io.ptlake.spark.catalog.RatesTable;
import io.ptlake.spark.catalog.TableDefinition;
import io.ptlake.spark.catalog.TrinoDdl;
import io.ptlake.spark.cli.PtlakeCli;
import io.ptlake.spark.ingest.TableLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * Athena engine v3 is Trino: every query of athena-queries/ runs unchanged on a real Trino 476
 * (its Hive and Iceberg connectors) over the tables the ingest wrote, registered with the DDL that
 * {@link TrinoDdl} generates from the catalog's own table descriptions, and must give Spark SQL's
 * answer cell by cell (Spark running the query's twin where it has one). One server serves the
 * whole class; it needs a Java of at least 24 and skips, with one line saying how to enable it,
 * where there is none.
 */
class TrinoQueriesTest {
  private static final String HIVE = "hive";
  private static final String ICEBERG = "iceberg";
  private static final String RATES_TABLE =
      SampleWarehouse.DATABASE + "." + SampleWarehouse.RATES;

  /** The Hive-style databases of the sample warehouse and the layout of their rates table. */
  private static final Map<String, TableLayout> DATABASES = Map.of(
      SampleWarehouse.DATABASE, TableLayout.BILLING_CODE,
      SampleWarehouse.BY_SOURCE, TableLayout.SOURCE,
      SampleWarehouse.DATASET, TableLayout.SOURCE);
  private static final Map<String, List<List<String>>> SPARK_ANSWERS = new HashMap<>();

  private static TrinoServer trino;
  private static Connection connection;
  private static SparkSession spark;

  @BeforeAll
  static void startTrinoAndRegisterTheTables() throws Exception {
    Optional<Path> java = TrinoServer.findJava();
    Optional<Path> home = TrinoServer.home();
    if (java.isEmpty() || home.isEmpty()) {
      String why = java.isEmpty()
          ? "no Java >= " + TrinoServer.MIN_JAVA + " found (Trino needs one): set "
              + TrinoServer.JAVA_HOME_ENV + " to a JDK " + TrinoServer.MIN_JAVA
              + "+ home or install one under /usr/lib/jvm"
          : "the Trino server is not unpacked (system property " + TrinoServer.HOME_PROPERTY
              + "): run the tests through Maven (mvn verify)";
      System.out.println("TrinoQueriesTest skipped: " + why);
      Assumptions.abort(why);
    }
    Path work = Files.createTempDirectory(
        Files.createDirectories(Path.of("target").toAbsolutePath()), "trino-");
    // Trino boots (20-40 s) while Spark writes the tables.
    trino = TrinoServer.start(java.get(), home.get(), work, catalogs(work));
    SampleWarehouse warehouse = SampleWarehouse.get();
    spark = warehouse.spark();
    Path iceberg = warehouse.icebergTable();
    warehouse.dataset();
    trino.awaitReady(Duration.ofMinutes(3));
    System.out.printf("TrinoQueriesTest: Trino (pid %d) reported its startup done in %s;"
        + " ready %.1f s after its launch, once Spark had written the tables%n", trino.pid(),
        trino.reportedStartup(), trino.readyAfter().toMillis() / 1000.0);
    connection = trino.connect(HIVE);
    for (Map.Entry<String, TableLayout> database : DATABASES.entrySet()) {
      registerWithTrinoDdl(warehouse.warehouse(), database.getKey(), database.getValue());
    }
    execute("CREATE SCHEMA " + ICEBERG + "." + SampleWarehouse.ICEBERG);
    execute("CALL " + ICEBERG + ".system.register_table(schema_name => '"
        + SampleWarehouse.ICEBERG + "', table_name => '" + SampleWarehouse.RATES
        + "', table_location => '" + iceberg.toUri() + "')");
  }

  @AfterAll
  static void stopTrino() throws Exception {
    try {
      if (connection != null) {
        connection.close();
      }
    } finally {
      if (trino != null) {
        trino.close();
      }
    }
  }

  /**
   * Hive tables over the warehouse's folders, which TrinoDdl names by {@code local://} URIs, read
   * by Trino's native local file system.
   */
  private static Map<String, Map<String, String>> catalogs(Path work) {
    Map<String, String> local = Map.of("fs.native-local.enabled", "true", "local.location", "/");
    Map<String, String> hive = new HashMap<>(local);
    hive.put("connector.name", "hive");
    hive.put("hive.metastore", "file");
    hive.put("hive.metastore.catalog.dir", local(work.resolve("hive-metastore")));
    // The Iceberg connector's file metastore is its testing one; on AWS it is Glue
    // (iceberg.catalog.type=glue) and the table is ptlake.in_network_rates there.
    Map<String, String> iceberg = new HashMap<>(local);
    iceberg.put("connector.name", "iceberg");
    iceberg.put("iceberg.catalog.type", "testing_file_metastore");
    iceberg.put("hive.metastore.catalog.dir", local(work.resolve("iceberg-metastore")));
    iceberg.put("iceberg.register-table-procedure.enabled", "true");
    return Map.of(HIVE, hive, ICEBERG, iceberg);
  }

  /**
   * What a Trino user runs: {@code ptlake catalog register --trino-ddl hive} prints the statements
   * for the tables of one database, from the descriptions it registers in Glue.
   */
  private static void registerWithTrinoDdl(Path warehouse, String database, TableLayout layout) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PtlakeCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("catalog", "register", "--warehouse", warehouse.toString(),
        "--database", database, "--layout", layout.optionValue(), "--trino-ddl", HIVE);
    assertThat(exit).as(err.toString()).isZero();
    SqlScript.statements(out.toString()).forEach(TrinoQueriesTest::execute);
  }

  /**
   * Every Hive-style table of the warehouse as {@code catalog register} describes it: the rates
   * table of each layout, then each table written beside it (rejects, the normalized tables, the
   * dataset's tables) and the tables that providers load replaces whole, at their version folder.
   */
  static List<TableDefinition> tables() {
    Path warehouse = SampleWarehouse.get().warehouse();
    List<TableDefinition> tables = new ArrayList<>();
    for (Map.Entry<String, TableLayout> database : DATABASES.entrySet()) {
      Path databaseDir = warehouse.resolve(database.getKey() + ".db");
      TableLayout layout = database.getValue();
      tables.add(RatesTable.definition(database.getKey(), uri(databaseDir),
          SampleWarehouse.RATES, uri(databaseDir.resolve(SampleWarehouse.RATES)),
          layout.defaultBuckets(), layout));
      for (LakeTable beside : LakeTables.BESIDE_RATES) {
        String name = beside.tableName(SampleWarehouse.RATES);
        if (Files.isDirectory(databaseDir.resolve(name))) {
          tables.add(beside.definition(database.getKey(), uri(databaseDir), name,
              uri(databaseDir.resolve(name))));
        }
      }
      for (LakeTable replaced : LakeTables.REPLACED) {
        String name = replaced.tableName(SampleWarehouse.RATES);
        if (Files.isDirectory(databaseDir.resolve(name))) {
          Path version = TableFiles.location(SampleWarehouse.get().spark(),
              database.getKey() + "." + name);
          tables.add(replaced.definition(database.getKey(), uri(databaseDir), name,
              uri(version)));
        }
      }
    }
    tables.sort(Comparator.comparing(TableDefinition::qualifiedName));
    return tables;
  }

  static List<AnalystQuery> queries() {
    return AnalystQuery.loadAll(SampleWarehouse.ROOT.resolve("athena-queries"));
  }

  static Stream<Named<AnalystQuery>> namedQueries() {
    return queries().stream().map(query -> Named.of(query.name(), query));
  }

  /** The queries of the rates tables alone, which every layout and format holds alike. */
  static Stream<Named<AnalystQuery>> namedRateQueries() {
    return namedQueries().filter(query -> !SampleWarehouse.readsDataset(query.getPayload()));
  }

  static Stream<Named<TableDefinition>> namedTables() {
    return tables().stream().map(table -> Named.of(table.qualifiedName(), table));
  }

  @Test
  void everyTableOfBothLayoutsIsRegisteredIncludingRejectsAndTheNormalizedTables() {
    assertThat(tables()).extracting(TableDefinition::qualifiedName).contains(
        "ptlake.in_network_rates", "ptlake.rates", "ptlake.provider_groups",
        "ptlake.in_network_items", "ptlake.files", "ptlake_by_source.in_network_rates",
        "ptlake_by_source.rejects", "ptlake_dataset.allowed_amounts", "ptlake_dataset.plans",
        "ptlake_dataset.plan_files", "ptlake_dataset.providers", "ptlake_dataset.taxonomies");
  }

  /** Types, decimals, arrays, structs, maps, dates, timestamps and partition values, all read. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("namedTables")
  void trinoReadsEveryTableCellForCellAsSparkDoes(TableDefinition table) throws SQLException {
    String columns = Stream.concat(table.columns().stream(), table.partitionKeys().stream())
        .map(Column::name).collect(Collectors.joining(", "));
    String select = "SELECT " + columns + " FROM " + table.qualifiedName();
    List<String> fromSpark = sortedLines(ResultCells.of(spark.sql(select).collectAsList()));
    List<String> fromTrino = sortedLines(trinoRows(select));

    assertThat(fromSpark).as("rows of %s", table.qualifiedName()).isNotEmpty();
    assertThat(fromTrino).as("rows of %s on Trino", table.qualifiedName())
        .containsExactlyElementsOf(fromSpark);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namedQueries")
  void everyQueryGivesSparksNonEmptyResultOnTrino(AnalystQuery query) throws SQLException {
    List<List<String>> fromTrino = trinoRows(SampleWarehouse.onItsLake(query, query.sql()));

    assertThat(fromTrino).isNotEmpty();
    assertThat(fromTrino).containsExactlyElementsOf(sparkAnswer(query));
  }

  /**
   * The source layout gives the answer Spark gives over the billing_code layout (AthenaQueriesTest
   * shows Spark answers alike over both).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("namedRateQueries")
  void theSourceLayoutGivesTheSameResultsOnTrino(AnalystQuery query) throws SQLException {
    String bySource = SampleWarehouse.BY_SOURCE + "." + SampleWarehouse.RATES;

    assertThat(trinoRows(query.sql().replace(RATES_TABLE, bySource)))
        .containsExactlyElementsOf(sparkAnswer(query));
  }

  /**
   * Trino's Iceberg connector reads the table that the ingest's Hadoop catalog wrote, and gives the
   * answer Spark gives over the Hive table (IcebergTableTest shows the two hold the same rows).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("namedRateQueries")
  void theIcebergTableGivesTheSameResultsOnTrino(AnalystQuery query) throws SQLException {
    String onIceberg = ICEBERG + "." + SampleWarehouse.ICEBERG + "." + SampleWarehouse.RATES;

    assertThat(trinoRows(query.sql().replace(RATES_TABLE, onIceberg)))
        .containsExactlyElementsOf(sparkAnswer(query));
  }

  /** The normalized tables answer the questions of the denormalized table alike, on Trino. */
  @Test
  void theNormalizedQueriesAnswerLikeTheirDenormalizedOriginals() throws SQLException {
    assertThat(trinoRows(query("10_code_across_providers_normalized").sql()))
        .isNotEmpty().containsExactlyElementsOf(trinoRows(query("02_code_across_providers").sql()));
    assertThat(trinoRows(query("11_provider_across_codes_normalized").sql()))
        .isNotEmpty().containsExactlyElementsOf(trinoRows(query("03_provider_across_codes").sql()));
  }

  @Test
  void rejectsHoldTheRejectedSourcesRecordOnTrino() throws SQLException {
    assertThat(trinoRows("SELECT kind, reason LIKE '%negotiated_rate%' FROM "
        + SampleWarehouse.BY_SOURCE + ".rejects"
        + " WHERE record LIKE '%" + "N/A" + "%'"))
        .containsExactly(List.of("rates", "true"));
  }

  /**
   * Why the Trino DDL has no bucket spec: Trino's Hive connector reads Spark's bucket files as
   * Hive buckets, so the declaration that Athena needs ({@code catalog register}'s) breaks the
   * table on Trino; with Spark's provider parameter (what a table Spark registered carries) Trino
   * ignores the bucket spec and reads every row. Pinned here so a Trino that learns Spark
   * bucketing shows up.
   */
  @Test
  void trinoCannotReadSparkBucketsButIgnoresThemForASparkTable() throws SQLException {
    TableDefinition bySource = table(SampleWarehouse.BY_SOURCE + "." + SampleWarehouse.RATES);
    long rows = Long.parseLong(trinoRows(
        "SELECT count(*) FROM " + bySource.qualifiedName()).get(0).get(0));
    String bucketSpec = "bucketed_by = ARRAY['" + bySource.bucketColumns().get(0)
        + "'], bucket_count = " + bySource.numberOfBuckets() + ", sorted_by = ARRAY['"
        + bySource.sortColumns().get(0) + "']";
    String bucketed = registerCopy(bySource, "in_network_rates_bucketed", bucketSpec, Map.of());
    String sparkProvider = registerCopy(bySource, "in_network_rates_spark_provider", bucketSpec,
        Map.of("spark.sql.sources.provider", "parquet"));

    assertThatThrownBy(() -> trinoRows("SELECT count(*) FROM " + bucketed))
        .hasMessageContaining("is corrupt");
    assertThat(trinoRows("SELECT count(*) FROM " + sparkProvider))
        .containsExactly(List.of(Long.toString(rows)));
  }

  /**
   * Athena projects snapshot_month by month; Trino's Hive connector reads Athena's projection
   * parameters too, but has no month unit: a table registered with {@code --partitions
   * projection} (these parameters, from the same description) cannot be read from Trino.
   */
  @Test
  void trinoRefusesTheMonthProjectionThatAthenaTakes() {
    TableDefinition rates = table(RATES_TABLE);
    Map<String, String> parameters = new java.util.TreeMap<>(rates.projection());
    parameters.put("projection.enabled", "true");
    assertThat(parameters).containsEntry("projection.snapshot_month.interval.unit", "MONTHS");

    assertThatThrownBy(() -> {
      String projected = registerCopy(rates, "in_network_rates_projected", null, parameters);
      trinoRows("SELECT count(*) FROM " + projected + " WHERE billing_code = '43239'");
    }).hasMessageContaining("'partition_projection_interval_unit' value 'Months' is invalid");
  }

  /**
   * A copy of {@code table}'s Trino registration under {@code name}, with the table properties
   * {@code properties} (or none) and the metastore parameters {@code parameters} added, as another
   * writer of the catalog (Glue for Athena, Spark) would leave them.
   */
  private static String registerCopy(TableDefinition table, String name, String properties,
      Map<String, String> parameters) throws SQLException {
    String ddl = TrinoDdl.createTable(HIVE, table).replace(
        TrinoDdl.qualifiedName(HIVE, table), HIVE + "." + table.database() + "." + name);
    String extra = properties == null ? "" : ",\n  " + properties;
    if (!parameters.isEmpty()) {
      extra += ",\n  extra_properties = MAP(ARRAY[" + parameters.keySet().stream()
          .map(key -> "'" + key + "'").collect(Collectors.joining(", ")) + "], ARRAY["
          + parameters.values().stream().map(value -> "'" + value + "'")
              .collect(Collectors.joining(", ")) + "])";
    }
    execute(ddl.substring(0, ddl.lastIndexOf("\n)")) + extra + "\n)");
    execute("CALL " + HIVE + ".system.sync_partition_metadata('" + table.database() + "', '"
        + name + "', 'FULL')");
    return HIVE + "." + table.database() + "." + name;
  }

  private static TableDefinition table(String qualifiedName) {
    return tables().stream().filter(table -> table.qualifiedName().equals(qualifiedName))
        .findFirst().orElseThrow();
  }

  private static AnalystQuery query(String name) {
    return queries().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<List<String>> sparkRows(String sql) {
    return ResultCells.of(spark.sql(sql).collectAsList());
  }

  /** Spark's answer to the query (its twin where it has one), computed once for every check. */
  private static List<List<String>> sparkAnswer(AnalystQuery query) {
    return SPARK_ANSWERS.computeIfAbsent(query.name(),
        name -> sparkRows(SampleWarehouse.onItsLake(query, query.sparkSql())));
  }

  private static List<List<String>> trinoRows(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      return ResultCells.of(result);
    }
  }

  private static void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Trino refused: " + sql + "\n" + e.getMessage(), e);
    }
  }

  private static List<String> sortedLines(List<List<String>> rows) {
    return rows.stream().map(row -> String.join(" | ", row)).sorted().toList();
  }

  private static String local(Path path) {
    return "local://" + path.toAbsolutePath().normalize();
  }

  private static String uri(Path path) {
    return path.toAbsolutePath().normalize().toUri().toString().replaceFirst("/$", "");
  }
}
