package io.ptlake.spark.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.generator.SampleExtras;
import io.ptlake.spark.NppesSample;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import io.ptlake.spark.catalog.LakeTables;
import io.ptlake.spark.cli.PtlakeCli;
import io.ptlake.spark.ingest.IngestException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * providers and taxonomies from the NPPES and NUCC samples of sample-data/, against a reading of
 * the CSV written here from the NPPES field names; replaced whole on each load.
 */
class ProvidersLoadTest {
  private static final Path SAMPLES = Path.of("").toAbsolutePath().getParent()
      .resolve("sample-data");
  private static final String DATABASE = "providers_test";

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static ProvidersLoad.LoadReport providers;
  private static ProvidersLoad.LoadReport taxonomies;
  /** The sample's data rows, by NPI: column name → value. */
  private static final Map<Long, Map<String, String>> nppes = new TreeMap<>();

  @BeforeAll
  static void load() throws IOException {
    spark = SharedSpark.session();
    nppes.putAll(NppesSample.read(SAMPLES.resolve(SampleExtras.NPPES)));
    ProvidersLoad load = new ProvidersLoad(spark, DATABASE);
    providers = load.loadProviders(SAMPLES.resolve(SampleExtras.NPPES).toString());
    taxonomies = load.loadTaxonomies(SAMPLES.resolve(SampleExtras.TAXONOMIES).toString());
  }

  @Test
  void everyNpiOfTheFileIsOneRowAsItsFieldsSay() {
    assertThat(providers.rowsRead()).isEqualTo(nppes.size());
    assertThat(providers.rowsWritten()).isEqualTo(nppes.size());
    assertThat(providers.rowsWithoutKey()).isZero();
    List<String> expected = new ArrayList<>();
    nppes.forEach((npi, f) -> expected.add(String.join("|", Long.toString(npi),
        String.valueOf(NppesSample.entityType(f)), String.valueOf(NppesSample.name(f)),
        orNull(f.get("Provider Credential Text")),
        orNull(f.get("Provider Business Practice Location Address City Name")),
        orNull(f.get("Provider Business Practice Location Address State Name")),
        zip5(f.get("Provider Business Practice Location Address Postal Code")),
        String.valueOf(NppesSample.primaryTaxonomy(f)),
        date(f.get("NPI Deactivation Date")), date(f.get("NPI Reactivation Date")))));

    List<String> rows = new ArrayList<>();
    for (Row row : spark.sql("SELECT npi, entity_type, name, credential, city, state, zip5,"
        + " primary_taxonomy_code, deactivation_date, reactivation_date FROM " + DATABASE
        + ".providers ORDER BY npi").collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        cells.add(String.valueOf(row.get(i)));
      }
      rows.add(String.join("|", cells));
    }

    assertThat(rows).isEqualTo(expected);
    assertThat(providers.counts()).containsEntry("duplicate_npis", 0L);
    assertThat(providers.counts().get("deactivated")).isPositive();
    assertThat(rows).anyMatch(row -> row.endsWith("|2024-03-15|2024-09-01"));
  }

  @Test
  void theTaxonomiesKeepAMultiLineDefinitionsRowWhole() {
    assertThat(taxonomies.rowsWritten()).isEqualTo(19);
    assertThat(spark.sql("SELECT taxonomy_group, classification, specialization, display_name FROM "
        + DATABASE + ".taxonomies WHERE code = '261QM1300X'").first().mkString("|"))
        .isEqualTo("Ambulatory Health Care Facilities|Clinic/Center|Multi-Specialty"
            + "|Multi-Specialty Clinic/Center");
    assertThat(spark.sql("SELECT count(*) FROM " + DATABASE + ".taxonomies WHERE"
        + " specialization IS NULL").first().getLong(0)).isEqualTo(14);
  }

  /**
   * A second load switches the table to a new version folder and keeps the one it replaced (a
   * reader may still be on it); the third removes the first. A file without a needed column fails
   * before anything is replaced.
   */
  @Test
  void eachLoadReplacesTheTableWholeAndABadFileChangesNothing() throws IOException {
    String database = "providers_replace";
    Path plain = tmp.resolve("npidata.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(plain))) {
      out.write(NppesSample.csv(SAMPLES.resolve(SampleExtras.NPPES))
          .getBytes(StandardCharsets.UTF_8));
    }
    ProvidersLoad load = new ProvidersLoad(spark, database);
    Path first = Path.of(java.net.URI.create(load.loadProviders(plain.toString()).location()));
    Path second = Path.of(java.net.URI.create(load.loadProviders(plain.toString()).location()));
    Path folder = second.getParent();

    assertThat(TableFiles.location(spark, database + ".providers")).isEqualTo(second);
    assertThat(first).exists();
    assertThat(Files.readString(folder.resolve(ReplacedTable.CURRENT)))
        .isEqualTo(second.getFileName().toString());
    Path third = Path.of(java.net.URI.create(load.loadProviders(plain.toString()).location()));
    assertThat(first).doesNotExist();
    assertThat(second).exists();
    assertThat(spark.table(database + ".providers").count()).isEqualTo(nppes.size());

    Path bad = Files.writeString(tmp.resolve("bad.csv"), "\"NPI\",\"Entity Type Code\"\r\n"
        + "\"1234567890\",\"1\"\r\n");
    assertThatThrownBy(() -> load.loadProviders(bad.toString()))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("Cannot load " + bad + " because its header lacks the columns"
            + " 'Provider Organization Name (Legal Business Name)', 'Provider Last Name (Legal"
            + " Name)'")
        .hasMessageContaining("'Healthcare Provider Primary Taxonomy Switch_15' (it has 2"
            + " columns, starting with [NPI, Entity Type Code])");
    assertThat(TableFiles.location(spark, database + ".providers")).isEqualTo(third);
  }

  @Test
  void theCommandPrintsItsReportsAndCatalogRegisterFindsTheCurrentVersions() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine ptlake = PtlakeCli.commandLine();
    ptlake.setOut(new PrintWriter(out));
    ptlake.setErr(new PrintWriter(err));
    String warehouse = SharedSpark.warehouse().toString();

    int exit = ptlake.execute("providers", "load", SAMPLES.resolve(SampleExtras.NPPES).toString(),
        "--taxonomies", SAMPLES.resolve(SampleExtras.TAXONOMIES).toString(),
        "--warehouse", warehouse, "--database", "providers_cli");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("\"table\" : \"providers_cli.providers\"",
        "\"rows_written\" : " + nppes.size(), "\"table\" : \"providers_cli.taxonomies\"");
    StringWriter dry = new StringWriter();
    ptlake.setOut(new PrintWriter(dry));
    assertThat(ptlake.execute("catalog", "register", "--warehouse", warehouse, "--database",
        "providers_cli", "--dry-run")).isZero();
    String location = TableFiles.location(spark, "providers_cli.providers").toUri().toString()
        .replaceFirst("/$", "");
    assertThat(dry.toString()).contains("\"Name\" : \"providers\"", "\"Location\" : \""
        + location + "\"", "\"Name\" : \"taxonomies\"");
    for (LakeTables.LakeTable table : LakeTables.REPLACED) {
      List<String> catalog = table.columns().stream()
          .map(column -> column.name() + " " + column.type()).toList();
      assertThat(columns("providers_cli." + table.written().name())).isEqualTo(catalog);
    }
  }

  private static List<String> columns(String table) {
    List<String> columns = new ArrayList<>();
    for (var field : spark.table(table).schema().fields()) {
      columns.add(field.name() + " " + field.dataType().catalogString());
    }
    return columns;
  }

  private static String orNull(String value) {
    return value.isEmpty() ? "null" : value;
  }

  private static String zip5(String postal) {
    return postal.length() >= 5 ? postal.substring(0, 5) : "null";
  }

  /** MM/dd/yyyy as yyyy-MM-dd. */
  private static String date(String value) {
    return value.isEmpty() ? "null"
        : value.substring(6) + "-" + value.substring(0, 2) + "-" + value.substring(3, 5);
  }
}
