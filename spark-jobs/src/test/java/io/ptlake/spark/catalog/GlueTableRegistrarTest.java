package io.ptlake.spark.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.ptlake.spark.catalog.GlueStub.call;
import static io.ptlake.spark.catalog.GlueStub.error;
import static io.ptlake.spark.catalog.GlueStub.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ptlake.spark.catalog.RegistrationResult.PartitionFailure;
import io.ptlake.spark.catalog.RegistrationResult.TableAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/** The registrar against a stub of the Glue API: request shapes, pagination, batches, retries. */
class GlueTableRegistrarTest {
  private static final String LOCATION = "s3://lake/warehouse/ptlake.db/in_network_rates";
  private static final TableDefinition TABLE = RatesTable.definition(
      "ptlake", "s3://lake/warehouse/ptlake.db", "in_network_rates", LOCATION, 4);

  private static GlueStub glue;
  private GlueClient client;

  @BeforeAll
  static void startStub() {
    glue = new GlueStub();
  }

  @AfterAll
  static void stopStub() {
    glue.close();
  }

  @BeforeEach
  void reset() {
    glue.server.resetAll();
    client = glue.client();
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void emptyCatalogGetsDatabaseBucketedTableAndPartitionsInBatchesOf100() {
    emptyCatalog();
    glue.answer("BatchCreatePartition", ok("{\"Errors\":[]}"));

    RegistrationResult result =
        glue.registrar(client).register(TABLE, partitions(250), PartitionMode.CATALOG);

    assertThat(result.databaseCreated()).isTrue();
    assertThat(result.tableAction()).isEqualTo(TableAction.CREATED);
    assertThat(result.partitionsCreated()).isEqualTo(250);
    assertThat(result.complete()).isTrue();
    assertThat(glue.requests("CreateTable").get(0).getHeader("Content-Type"))
        .startsWith(GlueStub.JSON_11);

    JsonNode database = glue.bodies("CreateDatabase").get(0).get("DatabaseInput");
    assertThat(database.get("Name").asText()).isEqualTo("ptlake");
    assertThat(database.get("LocationUri").asText()).isEqualTo("s3://lake/warehouse/ptlake.db");

    JsonNode input = glue.bodies("CreateTable").get(0);
    assertThat(input.get("DatabaseName").asText()).isEqualTo("ptlake");
    JsonNode table = input.get("TableInput");
    assertThat(table.get("Name").asText()).isEqualTo("in_network_rates");
    assertThat(table.get("TableType").asText()).isEqualTo("EXTERNAL_TABLE");
    assertThat(table.get("Parameters").get("bucketing_format").asText()).isEqualTo("spark");
    assertThat(table.get("Parameters").get("classification").asText()).isEqualTo("parquet");
    assertThat(table.get("Parameters").get("EXTERNAL").asText()).isEqualTo("TRUE");
    assertThat(table.get("Parameters").has("projection.enabled")).isFalse();
    assertThat(table.get("PartitionKeys")).extracting(key -> key.get("Name").asText())
        .containsExactly("snapshot_month", "billing_code");
    assertThat(table.get("PartitionKeys")).extracting(key -> key.get("Type").asText())
        .containsExactly("string", "string");
    JsonNode storage = table.get("StorageDescriptor");
    assertThat(storage.get("Location").asText()).isEqualTo(LOCATION);
    assertThat(storage.get("BucketColumns").get(0).asText()).isEqualTo("npi");
    assertThat(storage.get("BucketColumns")).hasSize(1);
    assertThat(storage.get("NumberOfBuckets").asInt()).isEqualTo(4);
    assertThat(storage.get("SortColumns").get(0).get("Column").asText()).isEqualTo("npi");
    assertThat(storage.get("SortColumns").get(0).get("SortOrder").asInt()).isEqualTo(1);
    assertThat(storage.get("InputFormat").asText())
        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
    assertThat(storage.get("OutputFormat").asText())
        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
    assertThat(storage.get("SerdeInfo").get("SerializationLibrary").asText())
        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    Map<String, String> types = new TreeMap<>();
    storage.get("Columns").forEach(c -> types.put(c.get("Name").asText(), c.get("Type").asText()));
    assertThat(types).containsEntry("negotiated_rate", "decimal(38,10)")
        .containsEntry("npi", "bigint").containsEntry("service_code", "array<string>")
        .containsEntry("last_updated_on", "date").containsEntry("source_id", "string")
        .doesNotContainKeys("billing_code", "snapshot_month");

    List<JsonNode> batches = glue.bodies("BatchCreatePartition");
    assertThat(batches).extracting(b -> b.get("PartitionInputList").size())
        .containsExactly(100, 100, 50);
    JsonNode first = batches.get(0).get("PartitionInputList").get(0);
    assertThat(first.get("Values").toString()).isEqualTo("[\"2024-05\",\"code000\"]");
    assertThat(first.get("StorageDescriptor").get("Location").asText())
        .isEqualTo(LOCATION + "/snapshot_month=2024-05/billing_code=code000");
    assertThat(first.get("StorageDescriptor").get("NumberOfBuckets").asInt()).isEqualTo(4);
  }

  @Test
  void getPartitionsFollowsNextTokenAndWritesOnlyWhatDiffers() {
    glue.answer("GetDatabase", ok("{\"Database\":{\"Name\":\"ptlake\"}}"));
    glue.answer("GetTable", ok(tableJson(registeredTable(PartitionMode.CATALOG))));
    List<TablePartition> wanted = partitions(4);
    glue.server.stubFor(call("GetPartitions").withRequestBody(notContaining("NextToken"))
        .willReturn(ok(partitionsJson(List.of(partition(wanted.get(0)), partition(wanted.get(1))),
            "page-2"))));
    TablePartition moved = new TablePartition(wanted.get(2).values(), "s3://elsewhere/old");
    glue.server.stubFor(call("GetPartitions")
        .withRequestBody(matchingJsonPath("$.NextToken", containing("page-2")))
        .willReturn(ok(partitionsJson(List.of(partition(moved)), null))));
    glue.answer("BatchCreatePartition", ok("{\"Errors\":[]}"));
    glue.answer("BatchUpdatePartition", ok("{\"Errors\":[]}"));

    RegistrationResult result = glue.registrar(client).register(TABLE, wanted, PartitionMode.CATALOG);

    assertThat(result.tableAction()).isEqualTo(TableAction.UNCHANGED);
    assertThat(result.databaseCreated()).isFalse();
    assertThat(glue.requests("UpdateTable")).isEmpty();
    assertThat(glue.requests("CreateTable")).isEmpty();
    assertThat(glue.bodies("GetPartitions")).hasSize(2);
    assertThat(glue.bodies("GetPartitions").get(1).get("NextToken").asText()).isEqualTo("page-2");
    assertThat(result.partitionsUnchanged()).isEqualTo(2);
    JsonNode created = glue.bodies("BatchCreatePartition").get(0).get("PartitionInputList");
    assertThat(created).hasSize(1);
    assertThat(created.get(0).get("Values").get(1).asText()).isEqualTo("code003");
    JsonNode updated = glue.bodies("BatchUpdatePartition").get(0).get("Entries");
    assertThat(updated).hasSize(1);
    assertThat(updated.get(0).get("PartitionValueList").get(1).asText()).isEqualTo("code002");
    assertThat(updated.get(0).get("PartitionInput").get("StorageDescriptor").get("Location")
        .asText()).isEqualTo(LOCATION + "/snapshot_month=2024-05/billing_code=code002");
  }

  @Test
  void secondRunOnAnUpToDateCatalogWritesNothing() {
    glue.answer("GetDatabase", ok("{\"Database\":{\"Name\":\"ptlake\"}}"));
    glue.answer("GetTable", ok(tableJson(registeredTable(PartitionMode.CATALOG))));
    List<TablePartition> wanted = partitions(3);
    glue.answer("GetPartitions",
        ok(partitionsJson(wanted.stream().map(this::partition).toList(), null)));

    RegistrationResult result = glue.registrar(client).register(TABLE, wanted, PartitionMode.CATALOG);

    assertThat(result.tableAction()).isEqualTo(TableAction.UNCHANGED);
    assertThat(result.partitionsUnchanged()).isEqualTo(3);
    assertThat(glue.requests("UpdateTable")).isEmpty();
    assertThat(glue.requests("BatchCreatePartition")).isEmpty();
    assertThat(glue.requests("BatchUpdatePartition")).isEmpty();
  }

  @Test
  void sparksTableIsUpdatedKeepingSparksPropertiesAndPath() {
    glue.answer("GetDatabase", ok("{\"Database\":{\"Name\":\"ptlake\"}}"));
    Table spark = Table.builder()
        .name("in_network_rates").databaseName("ptlake").tableType("MANAGED_TABLE")
        .parameters(Map.of("spark.sql.sources.provider", "parquet",
            "spark.sql.sources.schema.numBuckets", "4", "projection.enabled", "true",
            // A projection of an older layout: must not survive.
            "projection.old_key.type", "injected"))
        .storageDescriptor(software.amazon.awssdk.services.glue.model.StorageDescriptor.builder()
            .location("s3://lake/warehouse/ptlake.db/in_network_rates-__PLACEHOLDER__")
            .inputFormat("org.apache.hadoop.mapred.SequenceFileInputFormat")
            .serdeInfo(SerDeInfo.builder()
                .serializationLibrary("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe")
                .parameters(Map.of("path", "s3a://lake/warehouse/ptlake.db/in_network_rates",
                    "serialization.format", "1"))
                .build())
            .build())
        .build();
    glue.answer("GetTable", ok(tableJson(spark)));
    glue.answer("UpdateTable", ok("{}"));

    RegistrationResult result =
        glue.registrar(client).register(TABLE, List.of(), PartitionMode.PROJECTION);

    assertThat(result.tableAction()).isEqualTo(TableAction.UPDATED);
    JsonNode table = glue.bodies("UpdateTable").get(0).get("TableInput");
    assertThat(table.get("TableType").asText()).isEqualTo("EXTERNAL_TABLE");
    JsonNode parameters = table.get("Parameters");
    assertThat(parameters.get("spark.sql.sources.provider").asText()).isEqualTo("parquet");
    assertThat(parameters.get("spark.sql.sources.schema.numBuckets").asText()).isEqualTo("4");
    assertThat(parameters.get("bucketing_format").asText()).isEqualTo("spark");
    assertThat(parameters.get("projection.enabled").asText()).isEqualTo("true");
    assertThat(parameters.get("projection.billing_code.type").asText()).isEqualTo("injected");
    assertThat(parameters.get("projection.snapshot_month.type").asText()).isEqualTo("date");
    assertThat(parameters.get("projection.snapshot_month.format").asText()).isEqualTo("yyyy-MM");
    assertThat(parameters.get("projection.snapshot_month.range").asText())
        .isEqualTo("2022-07,NOW");
    assertThat(parameters.get("projection.snapshot_month.interval").asText()).isEqualTo("1");
    assertThat(parameters.get("projection.snapshot_month.interval.unit").asText())
        .isEqualTo("MONTHS");
    assertThat(parameters.has("projection.old_key.type")).isFalse();
    assertThat(parameters.get("storage.location.template").asText())
        .isEqualTo(LOCATION + "/snapshot_month=${snapshot_month}/billing_code=${billing_code}");
    JsonNode serde = table.get("StorageDescriptor").get("SerdeInfo");
    assertThat(serde.get("SerializationLibrary").asText()).endsWith("ParquetHiveSerDe");
    assertThat(serde.get("Parameters").get("path").asText())
        .isEqualTo("s3a://lake/warehouse/ptlake.db/in_network_rates");
    assertThat(glue.requests("GetPartitions")).isEmpty();
  }

  @Test
  void switchingToCatalogModeRemovesTheProjectionParameters() {
    glue.answer("GetDatabase", ok("{\"Database\":{\"Name\":\"ptlake\"}}"));
    glue.answer("GetTable", ok(tableJson(registeredTable(PartitionMode.PROJECTION))));
    glue.answer("UpdateTable", ok("{}"));
    glue.answer("GetPartitions", ok("{\"Partitions\":[]}"));

    glue.registrar(client).register(TABLE, List.of(), PartitionMode.CATALOG);

    JsonNode parameters = glue.bodies("UpdateTable").get(0).get("TableInput").get("Parameters");
    assertThat(parameters.has("projection.enabled")).isFalse();
    assertThat(parameters.has("storage.location.template")).isFalse();
    assertThat(parameters.fieldNames()).toIterable()
        .noneMatch(key -> key.startsWith("projection."));
    assertThat(parameters.get("bucketing_format").asText()).isEqualTo("spark");
  }

  @Test
  void perPartitionErrorsUpdateExistingOnesAndReportTheRest() {
    emptyCatalog();
    glue.answer("BatchCreatePartition", ok("{\"Errors\":["
        + "{\"PartitionValues\":[\"2024-05\",\"code001\"],"
        + "\"ErrorDetail\":{\"ErrorCode\":\"AlreadyExistsException\","
        + "\"ErrorMessage\":\"exists\"}},"
        + "{\"PartitionValues\":[\"2024-05\",\"code002\"],\"ErrorDetail\":{\"ErrorCode\":"
        + "\"ResourceNumberLimitExceededException\",\"ErrorMessage\":\"too many partitions\"}}]}"));
    glue.answer("BatchUpdatePartition", ok("{\"Errors\":[]}"));

    RegistrationResult result =
        glue.registrar(client).register(TABLE, partitions(3), PartitionMode.CATALOG);

    assertThat(result.partitionsCreated()).isEqualTo(1);
    assertThat(result.partitionsUpdated()).isEqualTo(1);
    assertThat(result.failures()).containsExactly(new PartitionFailure(
        List.of("2024-05", "code002"), "ResourceNumberLimitExceededException",
        "too many partitions"));
    assertThat(result.complete()).isFalse();
    JsonNode entries = glue.bodies("BatchUpdatePartition").get(0).get("Entries");
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("PartitionValueList").get(1).asText()).isEqualTo("code001");
    assertThat(result.toJson()).contains("\"ResourceNumberLimitExceededException\"");
  }

  @Test
  void throttledCallsAndThrottledPartitionsAreRetried() {
    glue.server.stubFor(call("GetDatabase").inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(error("ThrottlingException", "Rate exceeded")).willSetStateTo("calm"));
    glue.server.stubFor(call("GetDatabase").inScenario("throttle").whenScenarioStateIs("calm")
        .willReturn(ok("{\"Database\":{\"Name\":\"ptlake\"}}")));
    glue.answer("GetTable", ok(tableJson(registeredTable(PartitionMode.CATALOG))));
    glue.answer("GetPartitions", ok("{\"Partitions\":[]}"));
    glue.server.stubFor(call("BatchCreatePartition").inScenario("batch")
        .whenScenarioStateIs(STARTED)
        .willReturn(ok("{\"Errors\":[{\"PartitionValues\":[\"2024-05\",\"code001\"],"
            + "\"ErrorDetail\":"
            + "{\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"Rate exceeded\"}}]}"))
        .willSetStateTo("second"));
    glue.server.stubFor(call("BatchCreatePartition").inScenario("batch")
        .whenScenarioStateIs("second").willReturn(ok("{\"Errors\":[]}")));

    RegistrationResult result =
        glue.registrar(client).register(TABLE, partitions(3), PartitionMode.CATALOG);

    assertThat(glue.requests("GetDatabase")).hasSize(2);
    List<JsonNode> batches = glue.bodies("BatchCreatePartition");
    assertThat(batches).extracting(b -> b.get("PartitionInputList").size()).containsExactly(3, 1);
    assertThat(batches.get(1).get("PartitionInputList").get(0).get("Values").get(1).asText())
        .isEqualTo("code001");
    assertThat(result.partitionsCreated()).isEqualTo(3);
    assertThat(result.complete()).isTrue();
  }

  @Test
  void throttlingThatOutlastsTheAttemptsBecomesACatalogException() {
    glue.answer("GetDatabase", error("ThrottlingException", "Rate exceeded"));

    assertThatThrownBy(() ->
        glue.registrar(client).register(TABLE, List.of(), PartitionMode.CATALOG))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("Cannot register ptlake.in_network_rates in the Glue Data Catalog"
            + " because Glue answered: Rate exceeded");
    assertThat(glue.requests("GetDatabase")).hasSize(3);
  }

  @Test
  void aViewOfTheSameNameIsNotOverwritten() {
    glue.answer("GetDatabase", ok("{\"Database\":{\"Name\":\"ptlake\"}}"));
    glue.answer("GetTable", ok("{\"Table\":{\"Name\":\"in_network_rates\","
        + "\"TableType\":\"VIRTUAL_VIEW\"}}"));

    assertThatThrownBy(() ->
        glue.registrar(client).register(TABLE, List.of(), PartitionMode.CATALOG))
        .isInstanceOf(CatalogException.class)
        .hasMessage("Cannot register ptlake.in_network_rates because a VIRTUAL_VIEW of that name"
            + " exists; drop it or choose another --table");
    assertThat(glue.requests("UpdateTable")).isEmpty();
  }

  /**
   * rejects with --partitions projection: partitioned by source_id, it is not projected but gets
   * its partitions in the catalog, unbucketed (no bucketing_format, NumberOfBuckets -1).
   */
  @Test
  void rejectsKeepCatalogPartitionsUnbucketedEvenWhenProjectionIsAsked() {
    emptyCatalog();
    glue.answer("BatchCreatePartition", ok("{\"Errors\":[]}"));
    String location = "s3://lake/warehouse/ptlake.db/rejects";
    TableDefinition rejects = LakeTables.REJECTS.definition(
        "ptlake", "s3://lake/warehouse/ptlake.db", "rejects", location);
    List<TablePartition> partitions = List.of(new TablePartition(
        List.of("2024-05", "0123456789abcdef"),
        location + "/snapshot_month=2024-05/source_id=0123456789abcdef"));

    RegistrationResult result =
        glue.registrar(client).register(rejects, partitions, PartitionMode.PROJECTION);

    assertThat(result.partitionMode()).isEqualTo(PartitionMode.CATALOG);
    assertThat(result.partitionsCreated()).isEqualTo(1);
    JsonNode table = glue.bodies("CreateTable").get(0).get("TableInput");
    assertThat(table.get("Name").asText()).isEqualTo("rejects");
    assertThat(table.get("TableType").asText()).isEqualTo("EXTERNAL_TABLE");
    assertThat(fields(table.get("Parameters")))
        .isEqualTo(new TreeMap<>(Map.of("EXTERNAL", "TRUE", "classification", "parquet")));
    assertThat(table.get("PartitionKeys")).extracting(key -> key.get("Name").asText())
        .containsExactly("snapshot_month", "source_id");
    JsonNode storage = table.get("StorageDescriptor");
    assertThat(storage.get("NumberOfBuckets").asInt()).isEqualTo(-1);
    assertThat(storage.get("BucketColumns")).isEmpty();
    assertThat(storage.get("SortColumns")).isEmpty();
    assertThat(storage.get("SerdeInfo").get("SerializationLibrary").asText())
        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    assertThat(storage.get("Columns")).extracting(c -> c.get("Name").asText()).containsExactly(
        "source_file", "chunk", "kind", "item", "reason", "record", "rejected_at");
    JsonNode partition = glue.bodies("BatchCreatePartition").get(0).get("PartitionInputList")
        .get(0);
    assertThat(partition.get("Values").toString())
        .isEqualTo("[\"2024-05\",\"0123456789abcdef\"]");
    assertThat(partition.get("StorageDescriptor").get("NumberOfBuckets").asInt()).isEqualTo(-1);
  }

  /**
   * The normalized rates, partitioned by source like rejects: its partitions stay in the catalog
   * even with projection, and the table and its partitions carry Spark's bucket spec.
   */
  @Test
  void normalizedRatesKeepTheirPartitionsInTheCatalogAndAreBucketed() {
    emptyCatalog();
    glue.answer("BatchCreatePartition", ok("{\"Errors\":[]}"));
    String location = "s3://lake/warehouse/ptlake.db/rates";
    TableDefinition rates = LakeTables.RATES.definition(
        "ptlake", "s3://lake/warehouse/ptlake.db", "rates", location);

    RegistrationResult result = glue.registrar(client).register(rates,
        List.of(new TablePartition(List.of("2024-05", "0123456789abcdef"),
            location + "/snapshot_month=2024-05/source_id=0123456789abcdef")),
        PartitionMode.PROJECTION);

    assertThat(result.partitionMode()).isEqualTo(PartitionMode.CATALOG);
    assertThat(result.partitionsCreated()).isEqualTo(1);
    JsonNode table = glue.bodies("CreateTable").get(0).get("TableInput");
    assertThat(fields(table.get("Parameters"))).isEqualTo(new TreeMap<>(Map.of(
        "EXTERNAL", "TRUE", "classification", "parquet", "bucketing_format", "spark")));
    assertThat(table.get("PartitionKeys")).extracting(key -> key.get("Name").asText())
        .containsExactly("snapshot_month", "source_id");
    JsonNode partition = glue.bodies("BatchCreatePartition").get(0).get("PartitionInputList")
        .get(0);
    for (JsonNode storage : List.of(table.get("StorageDescriptor"),
        partition.get("StorageDescriptor"))) {
      assertThat(storage.get("NumberOfBuckets").asInt()).isEqualTo(8);
      assertThat(storage.get("BucketColumns").toString()).isEqualTo("[\"billing_code\"]");
      assertThat(storage.get("SortColumns").get(0).get("Column").asText())
          .isEqualTo("billing_code");
    }
  }

  /**
   * provider_groups has no partition: neither GetPartitions nor BatchCreatePartition is called,
   * in either mode, and the table carries no projection.
   */
  @Test
  void unpartitionedProviderGroupsGetOnlyTheTable() {
    emptyCatalog();
    String location = "s3://lake/warehouse/ptlake.db/provider_groups";
    TableDefinition groups = LakeTables.PROVIDER_GROUPS.definition(
        "ptlake", "s3://lake/warehouse/ptlake.db", "provider_groups", location);

    RegistrationResult result =
        glue.registrar(client).register(groups, List.of(), PartitionMode.PROJECTION);

    assertThat(result.partitionMode()).isEqualTo(PartitionMode.CATALOG);
    assertThat(result.tableAction()).isEqualTo(TableAction.CREATED);
    assertThat(result.partitionsFound()).isZero();
    assertThat(glue.requests("GetPartitions")).isEmpty();
    assertThat(glue.requests("BatchCreatePartition")).isEmpty();
    JsonNode table = glue.bodies("CreateTable").get(0).get("TableInput");
    assertThat(table.get("PartitionKeys")).isEmpty();
    assertThat(fields(table.get("Parameters")))
        .isEqualTo(new TreeMap<>(Map.of("EXTERNAL", "TRUE", "classification", "parquet")));
    assertThat(table.get("StorageDescriptor").get("Location").asText()).isEqualTo(location);
    assertThat(table.get("StorageDescriptor").get("Columns"))
        .extracting(c -> c.get("Name").asText() + " " + c.get("Type").asText())
        .containsExactly("provider_group_key string", "tin_type string", "tin_value string",
            "business_name string", "npi array<bigint>", "npi_count int");
  }

  /** A second run on the unbucketed table as registered writes nothing. */
  @Test
  void aRegisteredNormalizedTableIsUnchanged() {
    String location = "s3://lake/warehouse/ptlake.db/files";
    TableDefinition files = LakeTables.FILES.definition(
        "ptlake", "s3://lake/warehouse/ptlake.db", "files", location);
    glue.answer("GetDatabase", ok("{\"Database\":{\"Name\":\"ptlake\"}}"));
    glue.answer("GetTable", ok(tableJson(registeredTable(files, PartitionMode.PROJECTION))));

    RegistrationResult result = glue.registrar(client).register(files,
        List.of(new TablePartition(List.of("2024-05"), location + "/snapshot_month=2024-05")),
        PartitionMode.PROJECTION);

    assertThat(result.tableAction()).isEqualTo(TableAction.UNCHANGED);
    assertThat(glue.requests("UpdateTable")).isEmpty();
    assertThat(glue.requests("CreateTable")).isEmpty();
    assertThat(GlueRequests.tableParameters(files, PartitionMode.PROJECTION)).containsEntry("storage.location.template",
        location + "/snapshot_month=${snapshot_month}").doesNotContainKey("bucketing_format");
  }

  private static Map<String, String> fields(JsonNode object) {
    Map<String, String> fields = new TreeMap<>();
    object.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue().asText()));
    return fields;
  }

  private void emptyCatalog() {
    glue.answer("GetDatabase", error("EntityNotFoundException", "Database ptlake not found."));
    glue.answer("CreateDatabase", ok("{}"));
    glue.answer("GetTable", error("EntityNotFoundException", "Table in_network_rates not found."));
    glue.answer("CreateTable", ok("{}"));
    glue.answer("GetPartitions", ok("{\"Partitions\":[]}"));
  }

  private static List<TablePartition> partitions(int count) {
    List<TablePartition> partitions = new ArrayList<>();
    IntStream.range(0, count).mapToObj(i -> String.format("code%03d", i)).forEach(code ->
        partitions.add(new TablePartition(List.of("2024-05", code),
            LOCATION + "/snapshot_month=2024-05/billing_code=" + code)));
    return partitions;
  }

  /** The table as Glue returns it after ptlake registered it in {@code mode}. */
  private static Table registeredTable(PartitionMode mode) {
    return registeredTable(TABLE, mode);
  }

  private static Table registeredTable(TableDefinition table, PartitionMode mode) {
    TableInput input = GlueRequests.tableInput(table, mode);
    return Table.builder()
        .name(input.name()).databaseName("ptlake").description(input.description())
        .tableType(input.tableType()).parameters(input.parameters())
        .partitionKeys(input.partitionKeys()).storageDescriptor(input.storageDescriptor())
        .build();
  }

  private Partition partition(TablePartition partition) {
    return Partition.builder()
        .values(partition.values()).databaseName("ptlake").tableName("in_network_rates")
        .storageDescriptor(GlueRequests.storage(TABLE, partition.location()))
        .build();
  }

  private static String tableJson(Table table) {
    return SdkJson.write(Map.of("Table", table));
  }

  private static String partitionsJson(List<Partition> partitions, String nextToken) {
    Map<String, Object> page = new TreeMap<>();
    page.put("Partitions", partitions);
    if (nextToken != null) {
      page.put("NextToken", nextToken);
    }
    return SdkJson.write(page);
  }
}
