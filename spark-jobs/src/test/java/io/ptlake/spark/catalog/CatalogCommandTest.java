package io.ptlake.spark.catalog;

import static io.ptlake.spark.catalog.GlueStub.error;
import static io.ptlake.spark.catalog.GlueStub.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.spark.cli.PtlakeCli;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ptlake catalog register} on a small fixed table layout: the dry run's Glue requests
 * against golden files, the bucket-id checks, and one real run against the Glue stub.
 */
class CatalogCommandTest {
  private static final String GOLDEN = "/io/ptlake/spark/catalog/";

  @TempDir Path tmp;

  @Test
  void dryRunPrintsTheGlueRequestsOfTheGoldenFile() throws IOException {
    Path warehouse = fixedLayout();

    Run run = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(),
        "--buckets", "2", "--dry-run");

    assertThat(run.exit).as(run.err).isZero();
    assertGolden("dry-run-catalog.json", run.out.replace(uri(warehouse), "file:///WAREHOUSE"));
  }

  /** The same tables as Trino statements; TrinoQueriesTest runs them on a real Trino. */
  @Test
  void trinoDdlPrintsTheSameTablesForATrinoCatalogWithoutBuckets() throws IOException {
    Path warehouse = fixedLayout();

    Run run = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(), "--buckets", "2", "--trino-ddl", "hive");

    assertThat(run.exit).as(run.err).isZero();
    String local = "local:///" + uri(warehouse).substring("file:///".length());
    assertThat(run.out).startsWith("CREATE SCHEMA IF NOT EXISTS \"hive\".\"ptlake\" WITH"
            + " (location = '" + local + "/ptlake.db');\n\n"
            + "CREATE TABLE IF NOT EXISTS \"hive\".\"ptlake\".\"in_network_rates\" (\n"
            + "  \"reporting_entity_name\" varchar COMMENT 'file header',\n")
        .contains("  \"billing_code\" varchar COMMENT 'in_network item billing code'\n)\n",
            "external_location = '" + local + "/ptlake.db/in_network_rates',",
            "partitioned_by = ARRAY['snapshot_month', 'billing_code']\n);\n"
                + "CALL \"hive\".system.sync_partition_metadata('ptlake', 'in_network_rates',"
                + " 'FULL');\n")
        .doesNotContain("bucket");
    assertThat(run.err).isEmpty();
  }

  @Test
  void dryRunWithProjectionRegistersNoPartitions() throws IOException {
    Path warehouse = fixedLayout();

    Run run = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(),
        "--buckets", "2", "--partitions", "projection", "--dry-run");

    assertThat(run.exit).as(run.err).isZero();
    assertGolden("dry-run-projection.json", run.out.replace(uri(warehouse), "file:///WAREHOUSE"));
  }

  @Test
  void filesWithBucketIdsBeyondBucketsAreRefused() throws IOException {
    Path warehouse = fixedLayout();

    Run run = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(), "--dry-run");

    assertThat(run.exit).isEqualTo(1);
    assertThat(run.err).contains("Cannot register ptlake.in_network_rates with --buckets 1"
        + " because its files hold bucket id 1; give the --buckets the ingest was run with");
  }

  @Test
  void dataFilesWithoutBucketIdAreRefused() throws IOException {
    Path warehouse = fixedLayout();
    Path table = warehouse.resolve("ptlake.db/in_network_rates");
    Files.writeString(table.resolve(
        "snapshot_month=2024-05/billing_code=0001/part-00000-plain.snappy.parquet"), "x");

    Run run = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(), "--buckets", "2",
        "--dry-run");

    assertThat(run.exit).isEqualTo(1);
    assertThat(run.err).contains("carry no bucket id in their name")
        .contains("snapshot_month=2024-05/billing_code=0001/part-00000-plain.snappy.parquet");
  }

  @Test
  void projectionRefusesMonthsBeforeTheProjectedRange() throws IOException {
    Path warehouse = fixedLayout();
    Path old = warehouse.resolve("ptlake.db/in_network_rates/snapshot_month=2021-12"
        + "/billing_code=0001/part-00000-x_00000.c000.snappy.parquet");
    Files.createDirectories(old.getParent());
    Files.writeString(old, "");

    Run projection = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(),
        "--buckets", "2", "--partitions", "projection", "--dry-run");
    Run catalog = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(),
        "--buckets", "2", "--dry-run");

    assertThat(projection.exit).isEqualTo(1);
    assertThat(projection.err).contains("Cannot register ptlake.in_network_rates with"
        + " --partitions projection because it holds snapshot months [2021-12] before 2022-07");
    assertThat(catalog.exit).as(catalog.err).isZero();
    assertThat(GlueStub.json(catalog.out).get(2).get("request").get("PartitionInputList").get(0)
        .get("Values").toString()).isEqualTo("[\"2021-12\",\"0001\"]");
  }

  @Test
  void foldersOfAnotherLayoutAreNotPartitions() throws IOException {
    Path warehouse = fixedLayout();
    Path table = warehouse.resolve("ptlake.db/in_network_rates");
    // The layout before snapshot_month, and a month folder holding files directly.
    for (String file : List.of("billing_code=0001/part-00000-x_00000.c000.snappy.parquet",
        "snapshot_month=2024-05/part-00000-x_00000.c000.snappy.parquet")) {
      Files.createDirectories(table.resolve(file).getParent());
      Files.writeString(table.resolve(file), "");
    }

    Run run = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(),
        "--buckets", "2", "--dry-run");

    assertThat(run.exit).as(run.err).isZero();
    assertGolden("dry-run-catalog.json", run.out.replace(uri(warehouse), "file:///WAREHOUSE"));
  }

  /** The default --layout source: one partition per (month, source), 16 buckets on billing_code. */
  @Test
  void dryRunOfTheSourceLayoutRegistersOnePartitionPerSourceBucketedByBillingCode()
      throws IOException {
    Path warehouse = sourceLayout();

    Run run = run("catalog", "register", "--warehouse", warehouse.toString(), "--dry-run");

    assertThat(run.exit).as(run.err).isZero();
    assertGolden("dry-run-source-layout.json",
        run.out.replace(uri(warehouse), "file:///WAREHOUSE"));
  }

  @Test
  void aLayoutOtherThanTheFoldersIsRefused() throws IOException {
    Path source = sourceLayout();
    Path code = fixedLayout();

    Run bySource = run("catalog", "register", "--warehouse", source.toString(),
        "--layout", "billing_code", "--dry-run");
    Run byCode = run("catalog", "register", "--warehouse", code.toString(),
        "--layout", "source", "--buckets", "2", "--dry-run");
    Run projected = run("catalog", "register", "--warehouse", source.toString(),
        "--layout", "source", "--partitions", "projection", "--dry-run");

    assertThat(bySource.exit).isEqualTo(1);
    assertThat(bySource.err).contains("Cannot register ptlake.in_network_rates with --layout"
        + " billing_code because the folders under " + uri(source)
        + "/ptlake.db/in_network_rates are partitioned by [snapshot_month, source_id];"
        + " give --layout source");
    assertThat(byCode.exit).isEqualTo(1);
    assertThat(byCode.err).contains("are partitioned by [snapshot_month, billing_code];"
        + " give --layout billing_code");
    assertThat(projected.exit).isEqualTo(1);
    assertThat(projected.err).contains("Cannot register ptlake.in_network_rates with --layout"
        + " source and --partitions projection");
  }

  @Test
  void badOptionValuesExitWithTwo() {
    assertThat(run("catalog", "register", "--warehouse", "wh", "--partitions", "all").exit)
        .isEqualTo(2);
    assertThat(run("catalog", "register", "--warehouse", "wh", "--database", "Bad-Name").exit)
        .isEqualTo(2);
    assertThat(run("catalog", "register", "--warehouse", "wh", "--buckets", "0").exit)
        .isEqualTo(2);
  }

  @Test
  void registerSendsTheRequestsToTheEndpointAndPrintsASummary() throws IOException {
    Path warehouse = fixedLayout();
    try (GlueStub glue = new GlueStub()) {
      answerAsAnEmptyCatalog(glue);
      Run run = withTestCredentials(() -> run("catalog", "register", "--layout", "billing_code",
          "--warehouse", warehouse.toString(), "--buckets", "2",
          "--region", "us-east-1", "--endpoint-url", glue.endpoint().toString()));

      assertThat(run.exit).as(run.err).isZero();
      JsonNode summary = GlueStub.json(run.out);
      // A warehouse without the normalized tables (--no-normalized) or rejects: skipped, said so.
      assertThat(summary.get("tables_registered").toString())
          .isEqualTo("[\"ptlake.in_network_rates\"]");
      assertThat(summary.get("tables_absent").toString()).isEqualTo("[\"ptlake.rejects\","
          + "\"ptlake.rates\",\"ptlake.provider_groups\",\"ptlake.in_network_items\","
          + "\"ptlake.files\",\"ptlake.allowed_amounts\",\"ptlake.plans\",\"ptlake.plan_files\","
          + "\"ptlake.providers\",\"ptlake.taxonomies\"]");
      assertThat(summary.get("complete").asBoolean()).isTrue();
      assertThat(summary.get("tables")).hasSize(1);
      assertThat(summary.get("tables").get(0).get("partitions_created").asInt()).isEqualTo(4);
      assertThat(run.err).contains("is not on S3; Athena cannot read it");
      // The real run sends exactly the body the dry run shows for BatchCreatePartition.
      String dryRun = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(),
          "--buckets", "2", "--dry-run").out;
      assertThat(glue.bodies("BatchCreatePartition").get(0))
          .isEqualTo(GlueStub.json(dryRun).get(2).get("request"));
    }
  }

  /**
   * A warehouse the ingest wrote with its normalized tables and rejects: after in_network_rates,
   * CreateTable and the partitions of rejects, rates, provider_groups (no partition),
   * in_network_items and files, in that order.
   */
  @Test
  void dryRunRegistersTheTablesBesideTheRatesTable() throws IOException {
    Path warehouse = besideTables(fixedLayout(), "");

    Run run = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(), "--buckets", "2", "--dry-run");

    assertThat(run.exit).as(run.err).isZero();
    assertGolden("dry-run-normalized.json", run.out.replace(uri(warehouse), "file:///WAREHOUSE"));
  }

  /**
   * With projection only rejects and rates (by source_id) get partitions; in_network_items and
   * files are projected.
   */
  @Test
  void dryRunWithProjectionRegistersOnlyTheRejectsAndRatesPartitions() throws IOException {
    Path warehouse = besideTables(fixedLayout(), "");

    Run run = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(), "--buckets", "2", "--partitions", "projection",
        "--dry-run");

    assertThat(run.exit).as(run.err).isZero();
    assertGolden("dry-run-normalized-projection.json",
        run.out.replace(uri(warehouse), "file:///WAREHOUSE"));
  }

  /** Beside a table named otherwise, the normalized tables are <table>_rates etc. */
  @Test
  void theNormalizedTablesOfAnotherTableCarryItsName() throws IOException {
    Path warehouse = besideTables(fixedLayout(), "mine_");
    Path table = warehouse.resolve("ptlake.db");
    Files.move(table.resolve("in_network_rates"), table.resolve("mine"));

    Run run = run("catalog", "register", "--layout", "billing_code", "--table", "mine",
        "--warehouse", warehouse.toString(), "--buckets", "2", "--dry-run");

    assertThat(run.exit).as(run.err).isZero();
    List<String> created = new ArrayList<>();
    GlueStub.json(run.out).forEach(call -> {
      if (call.get("operation").asText().equals("AWSGlue.CreateTable")) {
        created.add(call.get("request").get("TableInput").get("Name").asText());
      }
    });
    assertThat(created).containsExactly("mine", "rejects", "mine_rates", "mine_provider_groups",
        "mine_in_network_items", "mine_files");
  }

  /** rates as an earlier ingest wrote it, by code, is refused rather than registered empty. */
  @Test
  void ratesInTheEarlierLayoutAreRefused() throws IOException {
    Path warehouse = besideTables(fixedLayout(), "");
    Path rates = warehouse.resolve("ptlake.db/rates");
    try (var files = Files.walk(rates)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
    Path byCode = rates.resolve("snapshot_month=2024-05/billing_code=0001/part-00000-x.c000.snappy"
        + ".parquet");
    Files.createDirectories(byCode.getParent());
    Files.writeString(byCode, "");

    Run run = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(), "--buckets", "2", "--dry-run");

    assertThat(run.exit).isEqualTo(1);
    assertThat(run.err).contains("Cannot register ptlake.rates because the folders under "
        + uri(rates) + " are partitioned by [snapshot_month, billing_code], as an earlier ptlake"
        + " wrote it, not by [snapshot_month, source_id]; rebuild it with ptlake ingest --mode"
        + " overwrite");
  }

  @Test
  void projectionRefusesANormalizedTableWithMonthsBeforeTheProjectedRange() throws IOException {
    Path warehouse = besideTables(fixedLayout(), "");
    Path old = warehouse.resolve("ptlake.db/files/snapshot_month=2021-12/part-00000-x.c000.snappy"
        + ".parquet");
    Files.createDirectories(old.getParent());
    Files.writeString(old, "");

    Run run = run("catalog", "register", "--layout", "billing_code",
        "--warehouse", warehouse.toString(), "--buckets", "2", "--partitions", "projection",
        "--dry-run");

    assertThat(run.exit).isEqualTo(1);
    assertThat(run.err).contains("Cannot register ptlake.files with --partitions projection"
        + " because it holds snapshot months [2021-12] before 2022-07");
  }

  @Test
  void registerSendsEveryTableToTheEndpoint() throws IOException {
    Path warehouse = besideTables(fixedLayout(), "");
    try (GlueStub glue = new GlueStub()) {
      answerAsAnEmptyCatalog(glue);
      Run run = withTestCredentials(() -> run("catalog", "register", "--layout", "billing_code",
          "--warehouse", warehouse.toString(), "--buckets", "2",
          "--region", "us-east-1", "--endpoint-url", glue.endpoint().toString()));

      assertThat(run.exit).as(run.err).isZero();
      JsonNode summary = GlueStub.json(run.out);
      assertThat(summary.get("tables_registered").toString()).isEqualTo("[\"ptlake.in_network_rates\","
          + "\"ptlake.rejects\",\"ptlake.rates\",\"ptlake.provider_groups\","
          + "\"ptlake.in_network_items\",\"ptlake.files\"]");
      // The tables of allowed-amounts files, tables of contents and NPPES: none here.
      assertThat(summary.get("tables_absent").toString()).isEqualTo("[\"ptlake.allowed_amounts\","
          + "\"ptlake.plans\",\"ptlake.plan_files\",\"ptlake.providers\",\"ptlake.taxonomies\"]");
      List<Integer> created = new ArrayList<>();
      summary.get("tables").forEach(table -> created.add(table.get("partitions_created").asInt()));
      assertThat(created).containsExactly(4, 2, 3, 0, 2, 2);
      assertThat(glue.bodies("CreateTable")).hasSize(6);
      assertThat(glue.bodies("CreateDatabase")).hasSize(1);
      // provider_groups has no partition to look up.
      assertThat(glue.bodies("GetPartitions")).hasSize(5);
    }
  }

  /** Glue without the database, which creates whatever it is sent. */
  private static void answerAsAnEmptyCatalog(GlueStub glue) {
    glue.answer("GetDatabase", error("EntityNotFoundException", "not found"));
    glue.answer("CreateDatabase", ok("{}"));
    glue.answer("GetTable", error("EntityNotFoundException", "not found"));
    glue.answer("CreateTable", ok("{}"));
    glue.answer("GetPartitions", ok("{\"Partitions\":[]}"));
    glue.answer("BatchCreatePartition", ok("{\"Errors\":[]}"));
  }

  private static Run withTestCredentials(java.util.function.Supplier<Run> call) {
    String[] credentials = {"aws.accessKeyId", "aws.secretAccessKey"};
    for (String key : credentials) {
      System.setProperty(key, "test");
    }
    try {
      return call.get();
    } finally {
      for (String key : credentials) {
        System.clearProperty(key);
      }
    }
  }

  /**
   * The tables an ingest writes beside the rates table (names prefixed with {@code prefix}, the
   * rates table's name and an underscore, except rejects): rejects of two sources, rates of three
   * (month, source) partitions in bucket files, provider_groups unpartitioned, in_network_items
   * and files of two months; Spark's plain part file names elsewhere, not bucketed.
   */
  private Path besideTables(Path warehouse, String prefix) throws IOException {
    Path database = warehouse.resolve("ptlake.db");
    String part = "part-00000-5e0f3a7c-1d2b-4c3a-8e9f-00112233aabb.c000.snappy.parquet";
    String bucket = "part-00000-5e0f3a7c-1d2b-4c3a-8e9f-00112233aabb_00003.c000.snappy.parquet";
    List<String> files = List.of(
        "rejects/snapshot_month=2024-05/source_id=0123456789abcdef/" + part,
        "rejects/snapshot_month=2024-06/source_id=fedcba9876543210/" + part,
        prefix + "rates/snapshot_month=2024-05/source_id=0123456789abcdef/" + bucket,
        prefix + "rates/snapshot_month=2024-05/source_id=fedcba9876543210/" + bucket,
        prefix + "rates/snapshot_month=2024-06/source_id=0123456789abcdef/" + bucket,
        prefix + "rates/_SUCCESS",
        prefix + "provider_groups/" + part,
        prefix + "provider_groups/_SUCCESS",
        prefix + "in_network_items/snapshot_month=2024-05/" + part,
        prefix + "in_network_items/snapshot_month=2024-06/" + part,
        prefix + "files/snapshot_month=2024-05/" + part,
        prefix + "files/snapshot_month=2024-06/" + part);
    for (String file : files) {
      Files.createDirectories(database.resolve(file).getParent());
      Files.writeString(database.resolve(file), "");
    }
    return warehouse;
  }

  /**
   * Two snapshot months, four (month, billing code) partitions, one code with a name Spark escapes
   * ('A/B' is written as A%2FB), two buckets, and the files readers skip: _SUCCESS and .crc.
   */
  private Path fixedLayout() throws IOException {
    Path warehouse = tmp.resolve("wh");
    Path table = warehouse.resolve("ptlake.db/in_network_rates");
    String uuid = "3f2a1c4e-8b7d-4e2a-9c1f-0123456789ab";
    List<String> files = new ArrayList<>(List.of(
        "snapshot_month=2024-05/billing_code=0001/part-00000-" + uuid
            + "_00000.c000.snappy.parquet",
        "snapshot_month=2024-05/billing_code=0001/.part-00000-" + uuid
            + "_00000.c000.snappy.parquet.crc",
        "snapshot_month=2024-05/billing_code=99213/part-00001-" + uuid
            + "_00000.c000.snappy.parquet",
        "snapshot_month=2024-05/billing_code=99213/part-00001-" + uuid
            + "_00001.c000.snappy.parquet",
        "snapshot_month=2024-05/billing_code=A%2FB/part-00002-" + uuid
            + "_00001.c000.snappy.parquet",
        "snapshot_month=2024-06/billing_code=0001/part-00000-" + uuid
            + "_00001.c000.snappy.parquet",
        "_SUCCESS"));
    for (String file : files) {
      Path path = table.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "");
    }
    return warehouse;
  }

  /** Two sources in May, one in June; bucket files of a 16-bucket table, not all buckets. */
  private Path sourceLayout() throws IOException {
    Path warehouse = Files.createDirectories(tmp.resolve("source-layout"));
    Path table = warehouse.resolve("ptlake.db/in_network_rates");
    String uuid = "7c1a0b52-5b4e-4a57-9d40-2f1d3c4b5a69";
    for (String file : List.of(
        "snapshot_month=2024-05/source_id=0123456789abcdef/part-00003-" + uuid
            + "_00003.c000.snappy.parquet",
        "snapshot_month=2024-05/source_id=0123456789abcdef/part-00015-" + uuid
            + "_00015.c000.snappy.parquet",
        "snapshot_month=2024-05/source_id=fedcba9876543210/part-00003-" + uuid
            + "_00003.c000.snappy.parquet",
        "snapshot_month=2024-06/source_id=0123456789abcdef/part-00000-" + uuid
            + "_00000.c000.snappy.parquet",
        "_SUCCESS")) {
      Files.createDirectories(table.resolve(file).getParent());
      Files.writeString(table.resolve(file), "");
    }
    return warehouse;
  }

  private static String uri(Path warehouse) {
    return warehouse.toAbsolutePath().toUri().toString().replaceFirst("/$", "");
  }

  private static void assertGolden(String name, String actual) throws IOException {
    String expected;
    try (var in = CatalogCommandTest.class.getResourceAsStream(GOLDEN + name)) {
      expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!expected.equals(actual)) {
      // For review or to refresh the golden file deliberately (never written by the test).
      Path written = Path.of("target", "golden-actual", name);
      Files.createDirectories(written.getParent());
      Files.writeString(written, actual);
    }
    assertThat(actual).as("dry-run output; actual written to target/golden-actual/" + name)
        .isEqualTo(expected);
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PtlakeCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
