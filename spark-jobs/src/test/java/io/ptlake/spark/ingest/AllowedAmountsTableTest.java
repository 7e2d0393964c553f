package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptlake.generator.AllowedAmountsCounts;
import io.ptlake.generator.AllowedAmountsGenerator;
import io.ptlake.generator.AllowedAmountsSpec;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.IntRange;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import io.ptlake.spark.catalog.LakeTables;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * allowed_amounts from allowed-amounts files: the CMS examples row for row against a literal
 * reading of their JSON, generated files against the generator's counts, and the monthly-load
 * behaviour of the in-network tables (merge, append, rejects, recovery of a killed write).
 */
class AllowedAmountsTableTest {
  private static final String DATABASE = "allowed_amounts_test";
  private static final String TABLE = DATABASE + ".allowed_amounts";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static final List<Path> generated = new ArrayList<>();
  private static final Map<String, AllowedAmountsCounts> counts = new TreeMap<>();

  @BeforeAll
  static void generateAndLoad() throws IOException {
    spark = SharedSpark.session();
    for (GeneratorSpec.Version version : GeneratorSpec.Version.values()) {
      Path file = tmp.resolve("aa-" + version + ".json.gz");
      AllowedAmountsSpec spec = AllowedAmountsSpec.builder().seed(version.ordinal() + 31)
          .version(version).items(80).gzip(true).entriesPerItem(IntRange.of(0, 5))
          .emptyPaymentsFraction(0.1).emptyProvidersFraction(0.1).emptyNpiFraction(0.1)
          .scalarsAfterFraction(0.3).header(version == GeneratorSpec.Version.V2
              ? GeneratorSpec.HeaderPlacement.END : GeneratorSpec.HeaderPlacement.START)
          .build();
      counts.put(file.toString(), AllowedAmountsGenerator.writeWithSidecar(spec, file));
      generated.add(preprocess(file, "pre-" + version));
    }
    IngestJob.run(spark, config(generated));
  }

  @Test
  void cmsExamplesGiveOneRowPerPaymentProviderAndNpiExactly() throws IOException {
    String shared = System.getProperty("ptlake.shared.dir");
    Path examples = shared == null ? null : Path.of(shared, "cms", "examples");
    assumeTrue(examples != null && Files.isDirectory(examples),
        "../shared/cms not found: CMS conformance tests skipped");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(examples)) {
      files = walk.filter(file -> file.getParent().getFileName().toString()
          .equals("allowed-amounts")).sorted().toList();
    }
    List<Path> dirs = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (Path file : files) {
      dirs.add(preprocess(file, "cms-" + file.getParent().getParent().getFileName() + "-"
          + file.getFileName()));
      expected.addAll(oracleRows(file));
    }

    List<IngestReport> reports = IngestJob.run(spark, config(dirs).withTable("cms_aa",
        IngestConfig.DEFAULT_TABLE));

    assertThat(files).hasSize(7);
    assertThat(reports).extracting(IngestReport::table).containsExactly("cms_aa.allowed_amounts");
    assertThat(reports.get(0).writtenRows()).isEqualTo(expected.size()).isEqualTo(32);
    assertThat(RowCells.sortedLines(spark.sql("SELECT source_file, reporting_entity_name,"
        + " plan_id, last_updated_on, name, billing_code_type, billing_code_type_version,"
        + " billing_code, tin_type, tin_value, service_code, billing_class, setting,"
        + " allowed_amount, billing_code_modifier, billed_charge, npi, snapshot_month"
        + " FROM cms_aa.allowed_amounts").collectAsList()))
        .isEqualTo(expected.stream().sorted().toList());
  }

  @Test
  void generatedFilesReconcileWithTheGeneratorByBillingCode() {
    for (Path dir : generated) {
      PreprocessedSource source = PreprocessedSource.read(dir.toString(),
          spark.sessionState().newHadoopConf());
      AllowedAmountsCounts expected = counts.get(source.sourceFile());
      assertThat(source.manifest().expectedRows()).isEqualTo(expected.expectedRows());
      Map<String, Long> byCode = new TreeMap<>();
      spark.sql("SELECT billing_code, count(*) FROM " + TABLE + " WHERE source_id = '"
              + source.sourceId() + "' GROUP BY billing_code").collectAsList()
          .forEach(row -> byCode.put(row.getString(0), row.getLong(1)));
      Map<String, Long> nonEmpty = new TreeMap<>(expected.expectedRowsByBillingCode());
      nonEmpty.values().removeIf(rows -> rows == 0);
      assertThat(byCode).as(source.sourceFile()).isEqualTo(nonEmpty);
    }
    assertThat(counts.values()).allMatch(c -> c.expectedRows() > 1_000);
  }

  @Test
  void theTableIsInTheSourceLayoutWithTheCatalogsTypes() throws IOException {
    Path location = TableFiles.location(spark, TABLE);
    List<Path> files = TableFiles.parquetFiles(location);
    assertThat(files).isNotEmpty().allMatch(file -> file.getParent().getFileName().toString()
        .startsWith("source_id=") && file.getFileName().toString().matches("part-.*_0000[0-7]\\..*"));
    List<String> catalog = new ArrayList<>();
    for (Column column : LakeTables.ALLOWED_AMOUNTS.columns()) {
      catalog.add(column.name() + " " + column.type());
    }
    for (Column column : LakeTables.ALLOWED_AMOUNTS.partitionKeys()) {
      catalog.add(column.name() + " " + column.type());
    }
    assertThat(HiveTableWriter.columns(spark.table(TABLE))).isEqualTo(catalog);
  }

  /**
   * A reload replaces the source with the same rows; what a merge killed before its job commit
   * leaves (a staging folder without _SUCCESS, whose rows readers skip) is removed by the next
   * load; append refuses a source already loaded.
   */
  @Test
  void aReloadReplacesItsSourceRemovesAKilledWritesLeftoversAndAppendRefusesIt()
      throws IOException {
    String database = "aa_reload";
    Path dir = generated.get(0);
    IngestConfig config = config(List.of(dir)).withTable(database, IngestConfig.DEFAULT_TABLE);
    IngestJob.run(spark, config);
    String table = database + ".allowed_amounts";
    List<String> first = RowCells.sortedLines(spark.table(table).collectAsList());
    Path location = TableFiles.location(spark, table);
    Path staged = Files.createDirectories(location.resolve(".spark-staging-killed")
        .resolve("snapshot_month=2025-01").resolve("source_id=0000000000000000"));
    Files.writeString(staged.resolve("part-00000-x_00000.c000.snappy.parquet"), "not parquet");
    assertThat(spark.table(table).count()).isEqualTo(first.size());

    List<IngestReport> again = IngestJob.run(spark, config);

    assertThat(again.get(0).writtenRows()).isEqualTo(first.size());
    assertThat(RowCells.sortedLines(spark.table(table).collectAsList())).isEqualTo(first);
    assertThat(location.resolve(".spark-staging-killed")).doesNotExist();
    assertThatThrownBy(() -> IngestJob.run(spark, config.withMode(WriteMode.APPEND)))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("Cannot append to " + table + " because it already holds rows of");
  }

  @Test
  void anAmountThatIsNotANumberRejectsItsRecordAndExplainsItsRows() throws IOException {
    Path source = Files.writeString(tmp.resolve("ill-typed-aa.json"), """
        {"reporting_entity_name":"Acme","reporting_entity_type":"issuer",
         "last_updated_on":"2024-05-01","version":"1.0.0","out_of_network":[
          {"name":"visit","billing_code_type":"CPT","billing_code_type_version":"2024",
           "billing_code":"99214","description":"office visit","allowed_amounts":[
            {"tin":{"type":"ein","value":"1"},"billing_class":"professional",
             "payments":[{"allowed_amount":"12.50","providers":[
               {"billed_charge":20,"npi":["1111111111",2222222222]}]}]},
            {"tin":{"type":"ein","value":"2"},"billing_class":"professional",
             "payments":[{"allowed_amount":"n/a","providers":[{"billed_charge":20,"npi":[3]}]},
               {"allowed_amount":5,"providers":[]}]},
            {"tin":{"type":"ein","value":"3"},"billing_class":"institutional",
             "payments":[{"allowed_amount":7,"providers":[{"billed_charge":"x","npi":[4]}]}]}]}]}
        """);
    Path dir = preprocess(source, "ill-typed-aa");

    List<IngestReport> reports = IngestJob.run(spark, config(List.of(dir))
        .withTable("aa_rejects", IngestConfig.DEFAULT_TABLE));

    IngestReport.SourceReport report = reports.get(0).sources().get(0);
    assertThat(report.expectedRows()).isEqualTo(5);
    assertThat(report.writtenRows()).isEqualTo(2);
    assertThat(report.rejectedRecords()).isEqualTo(2);
    assertThat(report.rowsOfRejectedRecords()).isEqualTo(3);
    assertThat(report.unexplainedRows()).isZero();
    assertThat(RowCells.sortedLines(spark.sql("SELECT tin_value, allowed_amount, npi FROM"
        + " aa_rejects.allowed_amounts").collectAsList())).containsExactly(
        "1|12.5000000000|1111111111", "1|12.5000000000|2222222222");
    assertThat(RowCells.sortedLines(spark.sql("SELECT kind, item, reason FROM"
        + " aa_rejects.rejects").collectAsList())).containsExactly(
        "allowed_amounts|0|allowed_amount is not a number: n/a",
        "allowed_amounts|0|billed_charge is not a number: x");
  }

  /**
   * A manifest whose expected count is not the file's (here one more than the generator counted)
   * fails the ingest with the source named, after the write; the run report keeps both counts.
   */
  @Test
  void aSourceWhoseRowsDifferFromItsManifestFailsTheIngest() throws IOException {
    Path dir = generated.get(1);
    Path copy = tmp.resolve("miscounted");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(dir.relativize(file).toString()));
      }
    }
    PreprocessedSource source = PreprocessedSource.read(dir.toString(),
        spark.sessionState().newHadoopConf());
    long counted = counts.get(source.sourceFile()).expectedRows();
    Path manifest = copy.resolve("manifest.json");
    String text = Files.readString(manifest);
    String miscounted = text.replaceFirst("\"expected_rows\"(\\s*):(\\s*)" + counted + "\\b",
        "\"expected_rows\"$1:$2" + (counted + 1));
    assertThat(miscounted).isNotEqualTo(text);
    Files.writeString(manifest, miscounted);

    assertThatThrownBy(() -> IngestJob.run(spark, config(List.of(copy))
        .withTable("aa_miscounted", IngestConfig.DEFAULT_TABLE)))
        .isInstanceOf(RowCountMismatchException.class)
        .hasMessageContaining("aa_miscounted.allowed_amounts")
        .hasMessageContaining(source.sourceFile() + ": expected " + (counted + 1)
            + " rows, table holds " + counted);
  }

  /**
   * Monthly loads of one file location, as a payer republishes it: May's file, then June's beside
   * it; June's reloaded with other rows replaces June's alone; another file's load leaves both;
   * overwrite keeps only what it loads. Each state against the rows the literal files hold.
   */
  @Test
  void monthlyLoadsMergeBySourceAndMonthAndOverwriteRebuilds() throws IOException {
    String database = "aa_months";
    Path file = tmp.resolve("aa-monthly.json");
    Path other = tmp.resolve("aa-other.json");
    String table = database + ".allowed_amounts";
    String rows = "SELECT regexp_extract(source_file, '([a-z-]+)\\\\.json$', 1), snapshot_month,"
        + " allowed_amount, npi FROM " + table;

    load(database, WriteMode.MERGE, monthly(file, "2024-05", "10", "1, 2"));
    load(database, WriteMode.MERGE, monthly(file, "2024-06", "11", "1"));
    assertThat(RowCells.sortedLines(spark.sql(rows).collectAsList())).containsExactly(
        "aa-monthly|2024-05|10.0000000000|1", "aa-monthly|2024-05|10.0000000000|2",
        "aa-monthly|2024-06|11.0000000000|1");

    load(database, WriteMode.MERGE, monthly(file, "2024-06", "12.5", "3, 4, 5"));
    load(database, WriteMode.MERGE, monthly(other, "2024-06", "7", "6"));
    assertThat(RowCells.sortedLines(spark.sql(rows).collectAsList())).containsExactly(
        "aa-monthly|2024-05|10.0000000000|1", "aa-monthly|2024-05|10.0000000000|2",
        "aa-monthly|2024-06|12.5000000000|3", "aa-monthly|2024-06|12.5000000000|4",
        "aa-monthly|2024-06|12.5000000000|5", "aa-other|2024-06|7.0000000000|6");

    load(database, WriteMode.OVERWRITE, monthly(other, "2024-07", "8", "7"));
    assertThat(RowCells.sortedLines(spark.sql(rows).collectAsList()))
        .containsExactly("aa-other|2024-07|8.0000000000|7");
  }

  /** An allowed-amounts file of month {@code month}: one payment to a provider of {@code npis}. */
  private static Path monthly(Path file, String month, String amount, String npis)
      throws IOException {
    Files.writeString(file, """
        {"reporting_entity_name":"Acme","reporting_entity_type":"issuer",
         "last_updated_on":"%s-01","version":"1.0.0","out_of_network":[
          {"name":"visit","billing_code_type":"CPT","billing_code_type_version":"2024",
           "billing_code":"99214","description":"office visit","allowed_amounts":[
            {"tin":{"type":"ein","value":"1"},"billing_class":"professional",
             "payments":[{"allowed_amount":%s,"providers":[{"billed_charge":20,"npi":[%s]}]}]}]}]}
        """.formatted(month, amount, npis));
    return preprocess(file, file.getFileName() + "-" + month + "-" + amount);
  }

  private static void load(String database, WriteMode mode, Path dir) {
    List<IngestReport> reports = IngestJob.run(spark, config(List.of(dir))
        .withTable(database, IngestConfig.DEFAULT_TABLE).withMode(mode));
    assertThat(reports).extracting(IngestReport::table).contains(database + ".allowed_amounts");
  }

  /** Without the plans of the files' headers: PlanTablesTest has them. */
  private static IngestConfig config(List<Path> dirs) {
    return IngestConfig.of(dirs.stream().map(Path::toString).toList())
        .withTable(DATABASE, IngestConfig.DEFAULT_TABLE).withNormalized(false);
  }

  private static Path preprocess(Path file, String name) throws IOException {
    Path out = tmp.resolve(name);
    new Preprocessor(PreprocessConfig.builder(file.toString(), out).build()).run();
    return out;
  }

  /**
   * The rows of an allowed-amounts file read literally: item × entry × payment × provider × npi,
   * a payment without providers or a provider without NPIs one row, an entry without payments
   * none; in the columns the test selects.
   */
  private static List<String> oracleRows(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    String lastUpdatedOn = root.path("last_updated_on").asText();
    List<String> rows = new ArrayList<>();
    for (JsonNode item : root.path("out_of_network")) {
      for (JsonNode entry : item.path("allowed_amounts")) {
        for (JsonNode payment : entry.path("payments")) {
          List<String[]> providers = new ArrayList<>();
          for (JsonNode provider : payment.path("providers")) {
            if (provider.path("npi").isEmpty()) {
              providers.add(new String[] {decimal(provider.get("billed_charge")), "null"});
            }
            for (JsonNode npi : provider.path("npi")) {
              providers.add(new String[] {decimal(provider.get("billed_charge")), npi.asText()});
            }
          }
          if (providers.isEmpty()) {
            providers.add(new String[] {"null", "null"});
          }
          for (String[] provider : providers) {
            rows.add(String.join("|", file.toString(),
                text(root, "reporting_entity_name"), text(root, "plan_id"), lastUpdatedOn,
                text(item, "name"), text(item, "billing_code_type"),
                text(item, "billing_code_type_version"), text(item, "billing_code"),
                text(entry.path("tin"), "type"), text(entry.path("tin"), "value"),
                strings(entry.get("service_code")), text(entry, "billing_class"),
                text(entry, "setting"), decimal(payment.get("allowed_amount")),
                strings(payment.get("billing_code_modifier")), provider[0], provider[1],
                lastUpdatedOn.substring(0, 7)));
          }
        }
      }
    }
    return rows;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "null" : value.asText();
  }

  private static String decimal(JsonNode number) {
    return number == null ? "null" : new BigDecimal(number.asText()).setScale(10).toPlainString();
  }

  private static String strings(JsonNode array) {
    if (array == null) {
      return "null";
    }
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return "[" + String.join(", ", values) + "]";
  }
}
