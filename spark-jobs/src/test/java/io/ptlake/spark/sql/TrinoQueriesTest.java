package io.ptlake.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.spark.catalog.LakeTables;
import io.ptlake.spark.catalog.LakeTables.LakeTable;
import io.ptlake.spark.catalog.RatesTable;
import io.ptlake.spark.catalog.TableDefinition;
import io.ptlake.spark.catalog.TrinoDdl;
import io.ptlake.spark.ingest.TableLayout;
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
    trino.awaitReady(Duration.ofMinutes(3));
    System.out.printf("TrinoQueriesTest: Trino (pid %d) reported its startup done in %s;"
        + " ready %.1f s after its launch, once Spark had written the tables%n", trino.pid(),
        trino.reportedStartup(), trino.readyAfter().toMillis() / 1000.0);
    connection = trino.connect(HIVE);
    for (TableDefinition table : tables()) {
      execute(TrinoDdl.createSchema(HIVE, table));
      execute(TrinoDdl.createTable(HIVE, table));
      TrinoDdl.syncPartitions(HIVE, table).ifPresent(TrinoQueriesTest::execute);
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
   * Hive tables over the warehouse's folders by {@code local://} URIs: Trino's native local file
   * system reads those (a {@code file:} location lists no file in Trino 476's Hive connector).
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
   * Every Hive-style table of the warehouse as {@code catalog register} describes it: the rates
   * table of each layout, then each table written beside it (rejects, the normalized tables).
   */
  static List<TableDefinition> tables() {
    Path warehouse = SampleWarehouse.get().warehouse();
    List<TableDefinition> tables = new ArrayList<>();
    for (var database : Map.of(SampleWarehouse.DATABASE, TableLayout.BILLING_CODE,
        SampleWarehouse.BY_SOURCE, TableLayout.SOURCE).entrySet()) {
      Path databaseDir = warehouse.resolve(database.getKey() + ".db");
      TableLayout layout = database.getValue();
      tables.add(RatesTable.definition(database.getKey(), local(databaseDir),
          SampleWarehouse.RATES, local(databaseDir.resolve(SampleWarehouse.RATES)),
          layout.defaultBuckets(), layout));
      for (LakeTable beside : LakeTables.BESIDE_RATES) {
        String name = beside.tableName(SampleWarehouse.RATES);
        if (Files.isDirectory(databaseDir.resolve(name))) {
          tables.add(beside.definition(database.getKey(), local(databaseDir), name,
              local(databaseDir.resolve(name))));
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

  static Stream<Named<TableDefinition>> namedTables() {
    return tables().stream().map(table -> Named.of(table.qualifiedName(), table));
  }

  @Test
  void everyTableOfBothLayoutsIsRegisteredIncludingRejectsAndTheNormalizedTables() {
    assertThat(tables()).extracting(TableDefinition::qualifiedName).contains(
        "ptlake.in_network_rates", "ptlake.rejects", "ptlake.rates", "ptlake.provider_groups",
        "ptlake.in_network_items", "ptlake.files", "ptlake_by_source.in_network_rates",
        "ptlake_by_source.rejects");
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
    List<List<String>> fromTrino = trinoRows(query.sql());

    assertThat(fromTrino).isNotEmpty();
    assertThat(fromTrino).containsExactlyElementsOf(sparkAnswer(query));
  }

  /**
   * The source layout gives the answer Spark gives over the billing_code layout (AthenaQueriesTest
   * shows Spark answers alike over both).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("namedQueries")
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
  @MethodSource("namedQueries")
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
    assertThat(trinoRows("SELECT kind, reason LIKE '%negotiated_rate%' FROM ptlake.rejects"
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
    TableDefinition bySource = tables().stream()
        .filter(table -> table.qualifiedName().equals(SampleWarehouse.BY_SOURCE + "."
            + SampleWarehouse.RATES)).findFirst().orElseThrow();
    long rows = Long.parseLong(trinoRows(
        "SELECT count(*) FROM " + bySource.qualifiedName()).get(0).get(0));
    String bucketed = bucketedCopy(bySource, "in_network_rates_bucketed", Map.of());
    String sparkProvider = bucketedCopy(bySource, "in_network_rates_spark_provider",
        Map.of("spark.sql.sources.provider", "parquet"));

    assertThatThrownBy(() -> trinoRows("SELECT count(*) FROM " + bucketed))
        .hasMessageContaining("is corrupt");
    assertThat(trinoRows("SELECT count(*) FROM " + sparkProvider))
        .containsExactly(List.of(Long.toString(rows)));
  }

  /** Athena projects snapshot_month by month; Trino's Hive connector has no month unit. */
  @Test
  void trinoRefusesTheMonthProjectionThatAthenaTakes() {
    Map<String, String> projection = RatesTable.definition("d", null, "t", "s3://b/t", 1,
        TableLayout.BILLING_CODE).projection();
    assertThat(projection).containsEntry(
        "projection.snapshot_month.interval.unit", "MONTHS");

    assertThatThrownBy(() -> execute("CREATE TABLE " + HIVE + "." + SampleWarehouse.DATABASE
        + ".projected (negotiated_rate decimal(38,10), snapshot_month varchar WITH ("
        + "partition_projection_type = 'date', partition_projection_format = 'yyyy-MM',"
        + " partition_projection_range = ARRAY['2022-07', 'NOW'],"
        + " partition_projection_interval = 1, partition_projection_interval_unit = 'MONTHS'))"
        + " WITH (format = 'PARQUET', partitioned_by = ARRAY['snapshot_month'],"
        + " partition_projection_enabled = true)"))
        .hasMessageContaining("'partition_projection_interval_unit' value 'Months' is invalid");
  }

  /**
   * A copy of {@code table}'s registration declared bucketed as Glue declares it for Athena
   * (bucket column, count and sort), with the extra table parameters {@code parameters}.
   */
  private static String bucketedCopy(TableDefinition table, String name,
      Map<String, String> parameters) throws SQLException {
    String ddl = TrinoDdl.createTable(HIVE, table).replace(
        TrinoDdl.qualifiedName(HIVE, table), HIVE + "." + table.database() + "." + name);
    String bucketing = ",\n  bucketed_by = ARRAY['" + table.bucketColumns().get(0)
        + "'],\n  bucket_count = " + table.numberOfBuckets() + ",\n  sorted_by = ARRAY['"
        + table.sortColumns().get(0) + "']";
    if (!parameters.isEmpty()) {
      bucketing += ",\n  extra_properties = MAP(ARRAY[" + parameters.keySet().stream()
          .map(key -> "'" + key + "'").collect(Collectors.joining(", ")) + "], ARRAY["
          + parameters.values().stream().map(value -> "'" + value + "'")
              .collect(Collectors.joining(", ")) + "])";
    }
    execute(ddl.substring(0, ddl.lastIndexOf("\n)")) + bucketing + "\n)");
    execute("CALL " + HIVE + ".system.sync_partition_metadata('" + table.database() + "', '"
        + name + "', 'FULL')");
    return HIVE + "." + table.database() + "." + name;
  }

  private static AnalystQuery query(String name) {
    return queries().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<List<String>> sparkRows(String sql) {
    return ResultCells.of(spark.sql(sql).collectAsList());
  }

  /** Spark's answer to the query (its twin where it has one), computed once for every check. */
  private static List<List<String>> sparkAnswer(AnalystQuery query) {
    return SPARK_ANSWERS.computeIfAbsent(query.name(), name -> sparkRows(query.sparkSql()));
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
}
