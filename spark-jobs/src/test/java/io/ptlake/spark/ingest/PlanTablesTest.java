package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptlake.generator.AllowedAmountsGenerator;
import io.ptlake.generator.AllowedAmountsSpec;
import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.IntRange;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.generator.TocCounts;
import io.ptlake.generator.TocGenerator;
import io.ptlake.generator.TocSpec;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageProperties;
import io.ptlake.preprocess.toc.TocPreprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.catalog.LakeTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * plans and plan_files from a generated table of contents over generated in-network and
 * allowed-amounts files (one listed file missing), ingested as the folder {@code preprocess TOC}
 * leaves: counts against the generator's, the plan of a file header and of the ToC one key, and
 * rates joined to plans through the files' source ids against a literal reading of the ToC.
 */
class PlanTablesTest {
  private static final String DATABASE = "plans_test";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static Path tocDir;
  private static Path tocFile;
  private static TocCounts toc;
  /** Expected rows of in_network_rates by file location as the ToC lists it. */
  private static final Map<String, Long> rowsByLocation = new HashMap<>();
  private static List<IngestReport> reports;
  /** The files the ToC lists that exist: 3 in-network files and the allowed-amounts file. */
  private static final long headerPlans = 4;

  @BeforeAll
  static void preprocessTheTocAndIngestItsFolder() throws IOException {
    spark = SharedSpark.session();
    Path files = Files.createDirectories(tmp.resolve("mirror/files"));
    List<String> inNetwork = new ArrayList<>();
    GeneratorSpec first = null;
    for (int i = 0; i < 3; i++) {
      GeneratorSpec spec = GeneratorSpec.builder().seed(70 + i).version(GeneratorSpec.Version.V2)
          .items(4).ratesPerItem(IntRange.of(1, 3)).providerReferences(10).build();
      first = first == null ? spec : first;
      String name = "in-network-" + i + ".json";
      ExpectedCounts counts = TicFileGenerator.write(spec, files.resolve(name));
      inNetwork.add("../files/" + name);
      rowsByLocation.put("../files/" + name, counts.expectedRows());
    }
    inNetwork.add("../files/missing.json");
    AllowedAmountsGenerator.write(AllowedAmountsSpec.builder().seed(80).items(5).build(),
        Files.newOutputStream(files.resolve("allowed.json")));
    tocFile = Files.createDirectories(tmp.resolve("mirror/toc")).resolve("index.json");
    toc = TocGenerator.writeWithSidecar(TocSpec.builder().seed(9).structures(8)
        .plansPerStructure(IntRange.of(1, 3)).inNetworkPerStructure(IntRange.of(1, 3))
        .inNetworkFiles(inNetwork).allowedAmountFiles(List.of("../files/allowed.json"))
        .firstPlan(headerPlan(files.resolve("in-network-0.json")))
        .lastUpdatedOn("2025-03-01").build(), tocFile);
    tocDir = tmp.resolve("toc-out");
    try (Storage storage = Storage.create(StorageProperties.defaults())) {
      new TocPreprocessor(storage, PreprocessConfig::builder, 0, null)
          .run(tocFile.toString(), tocDir.toString());
    }
    reports = IngestJob.run(spark, IngestConfig.of(List.of(tocDir.toString()))
        .withTable(DATABASE, IngestConfig.DEFAULT_TABLE));
  }

  @Test
  void everyPlanAndLinkOfTheTocAndOfTheFileHeadersIsWrittenOnce() {
    assertThat(reports).extracting(IngestReport::table).containsExactly(
        DATABASE + ".in_network_rates", DATABASE + ".allowed_amounts", DATABASE + ".plans",
        DATABASE + ".plan_files");
    String tocId = PreprocessedSource.sourceId(tocFile.toString());
    // Every file read (all but the missing one) names its plan in its header.
    long read = reports.get(0).sources().size() + reports.get(1).sources().size();
    assertThat(read).isEqualTo(toc.files() - 1).isEqualTo(headerPlans);
    assertThat(count("plans", "source_id = '" + tocId + "'")).isEqualTo(toc.plans());
    assertThat(count("plans", "source_id <> '" + tocId + "'")).isEqualTo(read);
    assertThat(count("plan_files", "source_id = '" + tocId + "'")).isEqualTo(toc.links());
    assertThat(count("plan_files", "source_id <> '" + tocId + "'")).isEqualTo(read);
    assertThat(count("plan_files", "file_status = 'failed'"))
        .isEqualTo(count("plan_files", "file_url LIKE '%/missing.json'")).isPositive();
    assertThat(count("plan_files", "file_status = 'failed' AND file_snapshot_month IS NULL"))
        .isEqualTo(count("plan_files", "file_status = 'failed'"));
    assertThat(reports.get(2).sources()).allMatch(source -> source.unexplainedRows() == 0);
  }

  @Test
  void theTocsFirstPlanAndTheHeaderOfItsFileAreOnePlan() {
    List<Row> keys = spark.sql("SELECT source_type, plan_key, plan_name FROM " + DATABASE
        + ".plans WHERE plan_id = '" + headerPlan(tmp.resolve("mirror/files/in-network-0.json"))
            .get("plan_id") + "'").collectAsList();

    assertThat(keys).extracting(row -> row.getString(0))
        .containsExactlyInAnyOrder(TocSource.FILE_TYPE, "in-network-rates");
    assertThat(keys.stream().map(row -> row.getString(1)).distinct()).hasSize(1);
  }

  /** For every plan of the ToC: the rows of the in-network files it lists, found by source_id. */
  @Test
  void ratesJoinToPlansThroughTheFilesSourceIds() throws IOException {
    Map<String, Long> expected = new TreeMap<>();
    Map<String, Integer> planIds = new LinkedHashMap<>();
    for (JsonNode structure : JSON.readTree(tocFile.toFile()).path("reporting_structure")) {
      long rows = 0;
      for (JsonNode file : structure.path("in_network_files")) {
        rows += rowsByLocation.getOrDefault(file.path("location").asText(), 0L);
      }
      for (JsonNode plan : structure.path("reporting_plans")) {
        planIds.put(plan.path("plan_id").asText(), planIds.size());
        expected.merge(plan.path("plan_id").asText(), rows, Long::sum);
      }
    }
    expected.values().removeIf(rows -> rows == 0);
    String tocId = PreprocessedSource.sourceId(tocFile.toString());
    Map<String, Long> joined = new TreeMap<>();
    spark.sql("SELECT p.plan_id, count(*) FROM " + DATABASE + ".plans p JOIN " + DATABASE
            + ".plan_files f ON f.plan_key = p.plan_key AND f.source_id = p.source_id JOIN "
            + DATABASE + ".in_network_rates r ON r.source_id = f.file_source_id"
            + " AND r.snapshot_month = f.file_snapshot_month WHERE p.source_id = '" + tocId
            + "' GROUP BY p.plan_id").collectAsList()
        .forEach(row -> joined.put(row.getString(0), row.getLong(1)));

    assertThat(planIds).hasSize((int) toc.plans());
    assertThat(joined).isEqualTo(expected).isNotEmpty();
  }

  @Test
  void aReloadOfTheTocReplacesItsRowsAndTheTablesHaveTheCatalogsTypes() {
    List<IngestReport> again = IngestJob.run(spark, IngestConfig.of(List.of(tocDir.toString()))
        .withTable(DATABASE, IngestConfig.DEFAULT_TABLE).withNormalized(false));

    assertThat(again).extracting(IngestReport::table).containsExactly(
        DATABASE + ".in_network_rates", DATABASE + ".allowed_amounts", DATABASE + ".plans",
        DATABASE + ".plan_files");
    assertThat(count("plans", "true")).isEqualTo(toc.plans() + headerPlans);
    assertThat(count("plan_files", "true")).isEqualTo(toc.links() + headerPlans);
    for (LakeTables.LakeTable table : List.of(LakeTables.PLANS, LakeTables.PLAN_FILES)) {
      List<String> catalog = new ArrayList<>();
      for (Column column : table.columns()) {
        catalog.add(column.name() + " " + column.type());
      }
      table.partitionKeys().forEach(column -> catalog.add(column.name() + " " + column.type()));
      assertThat(HiveTableWriter.columns(spark.table(DATABASE + "." + table.written().name())))
          .isEqualTo(catalog);
    }
  }

  /** What the ingest takes of a folder: a run's report, a ToC's manifest, or neither. */
  @Test
  void aPreprocessManyPrefixIsExpandedFromItsLatestRunUnlessItsTocIsOlder() throws IOException {
    Configuration conf = new Configuration();
    IngestInputs ofToc = IngestInputs.expand(List.of(tocDir.toString()), conf);
    assertThat(ofToc.tocs()).hasSize(1);
    assertThat(ofToc.sources()).hasSize((int) headerPlans);

    // A later preprocess-many run of a list into the same prefix: its report, no ToC.
    String kept = ofToc.sources().get(0).dir().getName();
    Files.createDirectories(tocDir.resolve("_runs"));
    Files.writeString(tocDir.resolve("_runs/preprocess-many-29990101T000000000Z.json"), """
        {"started_at" : "2999-01-01T00:00:00Z", "results" : [
          {"dir" : "%s", "status" : "skipped", "file_type" : "in-network-rates"},
          {"dir" : "gone", "status" : "failed"}]}
        """.formatted(kept));
    IngestInputs ofRun = IngestInputs.expand(List.of(tocDir.toString()), conf);

    assertThat(ofRun.tocs()).isEmpty();
    assertThat(ofRun.sources()).extracting(source -> source.dir().getName()).containsExactly(kept);
    Files.delete(tocDir.resolve("_runs/preprocess-many-29990101T000000000Z.json"));
    assertThatThrownBy(() -> IngestInputs.expand(List.of(tmp.resolve("mirror").toString()), conf))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("has no manifest.json: not a complete preprocess output");
  }

  private static long count(String table, String where) {
    return spark.sql("SELECT count(*) FROM " + DATABASE + "." + table + " WHERE " + where)
        .first().getLong(0);
  }

  /** The plan fields of a generated file's header. */
  private static Map<String, String> headerPlan(Path file) {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      Map<String, String> plan = new LinkedHashMap<>();
      for (String field : List.of("plan_name", "plan_id_type", "plan_id", "plan_market_type",
          "issuer_name", "plan_sponsor_name")) {
        plan.put(field, root.path(field).asText());
      }
      return plan;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
