package io.ptlake.spark.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.DatabaseInput;
import software.amazon.awssdk.services.glue.model.Order;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The Glue requests that describe a table, built without calling Glue: what the registrar sends,
 * and what {@code catalog register --dry-run} prints.
 */
final class GlueRequests {
  static final String EXTERNAL_TABLE = "EXTERNAL_TABLE";
  static final String PARQUET_INPUT_FORMAT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  static final String PARQUET_OUTPUT_FORMAT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
  static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

  /** Athena engine v3 hashes bucket values with Spark's Murmur3, not Hive's, with this set. */
  static final String BUCKETING_FORMAT = "bucketing_format";
  static final String CLASSIFICATION = "classification";
  static final String EXTERNAL = "EXTERNAL";
  static final String PROJECTION_PREFIX = "projection.";
  static final String PROJECTION_ENABLED = "projection.enabled";
  static final String LOCATION_TEMPLATE = "storage.location.template";

  /** Ascending, in Hive's and Glue's encoding of a sort order. */
  private static final int ASCENDING = 1;

  private GlueRequests() {}

  /**
   * The table parameters ptlake decides. On an update, every other parameter of the existing table
   * (Spark's own {@code spark.sql.*} ones among them) is kept, and these replace theirs; the
   * projection keys are removed again when the mode is {@link PartitionMode#CATALOG}. Every
   * {@code projection.*} parameter is ptlake's too (see {@link #mergeInto}): a projection of an
   * older partition layout must not survive a change of layout.
   */
  static Set<String> ownedParameters(TableDefinition table) {
    Set<String> owned = new java.util.TreeSet<>(Set.of(
        EXTERNAL, CLASSIFICATION, BUCKETING_FORMAT, PROJECTION_ENABLED, LOCATION_TEMPLATE));
    owned.addAll(table.projection().keySet());
    return owned;
  }

  static Map<String, String> tableParameters(TableDefinition table, PartitionMode mode) {
    Map<String, String> parameters = new TreeMap<>();
    parameters.put(EXTERNAL, "TRUE");
    parameters.put(CLASSIFICATION, "parquet");
    if (table.bucketed()) {
      parameters.put(BUCKETING_FORMAT, "spark");
    }
    if (table.partitionMode(mode) == PartitionMode.PROJECTION) {
      parameters.put(PROJECTION_ENABLED, "true");
      parameters.putAll(table.projection());
      parameters.put(LOCATION_TEMPLATE, locationTemplate(table));
    }
    return parameters;
  }

  /** {@code <location>/k1=${k1}/k2=${k2}}: Spark's partition folders, keys in order. */
  static String locationTemplate(TableDefinition table) {
    StringBuilder template = new StringBuilder(table.location());
    for (Column key : table.partitionKeys()) {
      template.append('/').append(key.name()).append("=${").append(key.name()).append('}');
    }
    return template.toString();
  }

  static CreateDatabaseRequest createDatabase(TableDefinition table) {
    DatabaseInput.Builder database = DatabaseInput.builder()
        .name(table.database())
        .description("ptlake: CMS Transparency-in-Coverage price tables");
    if (table.databaseLocation() != null) {
      database.locationUri(table.databaseLocation());
    }
    return CreateDatabaseRequest.builder().databaseInput(database.build()).build();
  }

  static TableInput tableInput(TableDefinition table, PartitionMode mode) {
    return TableInput.builder()
        .name(table.table())
        .description(table.description())
        .tableType(EXTERNAL_TABLE)
        .parameters(tableParameters(table, mode))
        .partitionKeys(table.partitionKeys())
        .storageDescriptor(storage(table, table.location()))
        .build();
  }

  /** Parquet files at {@code location}, bucketed and sorted as the table says. */
  static StorageDescriptor storage(TableDefinition table, String location) {
    return StorageDescriptor.builder()
        .columns(table.columns())
        .location(location)
        .inputFormat(PARQUET_INPUT_FORMAT)
        .outputFormat(PARQUET_OUTPUT_FORMAT)
        .compressed(false)
        .numberOfBuckets(table.numberOfBuckets())
        .serdeInfo(SerDeInfo.builder()
            .serializationLibrary(PARQUET_SERDE)
            .parameters(Map.of("serialization.format", "1"))
            .build())
        .bucketColumns(table.bucketColumns())
        .sortColumns(table.sortColumns().stream()
            .map(column -> Order.builder().column(column).sortOrder(ASCENDING).build())
            .toList())
        .storedAsSubDirectories(false)
        .build();
  }

  static PartitionInput partitionInput(TableDefinition table, TablePartition partition) {
    return PartitionInput.builder()
        .values(partition.values())
        .storageDescriptor(storage(table, partition.location()))
        .build();
  }

  static CreateTableRequest createTable(TableDefinition table, PartitionMode mode) {
    return CreateTableRequest.builder()
        .databaseName(table.database())
        .tableInput(tableInput(table, mode))
        .build();
  }

  static BatchCreatePartitionRequest batchCreatePartition(
      TableDefinition table, List<PartitionInput> batch) {
    return BatchCreatePartitionRequest.builder()
        .databaseName(table.database())
        .tableName(table.table())
        .partitionInputList(batch)
        .build();
  }

  /**
   * The requests a registration sends to a catalog that has neither the database nor the table:
   * CreateDatabase, CreateTable, then (catalog mode) BatchCreatePartition in batches. Against an
   * existing table the same TableInput goes to UpdateTable, and only partitions that are missing
   * or differ are written.
   */
  static List<SdkRequest> forEmptyCatalog(TableDefinition table, List<TablePartition> partitions,
      PartitionMode mode, int batchSize) {
    List<SdkRequest> requests = new ArrayList<>();
    requests.add(createDatabase(table));
    requests.addAll(forMissingTable(table, partitions, mode, batchSize));
    return requests;
  }

  /**
   * {@link #forEmptyCatalog} without CreateDatabase: the requests of a further table of a database
   * just created. Partitions go to the catalog where the table is not projected
   * ({@link TableDefinition#partitionMode}).
   */
  static List<SdkRequest> forMissingTable(TableDefinition table, List<TablePartition> partitions,
      PartitionMode mode, int batchSize) {
    List<SdkRequest> requests = new ArrayList<>();
    requests.add(createTable(table, mode));
    if (table.partitionMode(mode) == PartitionMode.CATALOG) {
      List<PartitionInput> inputs =
          partitions.stream().map(partition -> partitionInput(table, partition)).toList();
      for (List<PartitionInput> batch : batches(inputs, batchSize)) {
        requests.add(batchCreatePartition(table, batch));
      }
    }
    return requests;
  }

  /** {@code AWSGlue.<Operation>}, the X-Amz-Target header the request is sent with. */
  static String target(SdkRequest request) {
    return "AWSGlue." + request.getClass().getSimpleName().replaceFirst("Request$", "");
  }

  /** The requests as a JSON array of {@code {"operation": target, "request": body}}. */
  static String toJson(List<SdkRequest> requests) {
    List<Map<String, Object>> calls = new ArrayList<>();
    for (SdkRequest request : requests) {
      Map<String, Object> call = new LinkedHashMap<>();
      call.put("operation", target(request));
      call.put("request", request);
      calls.add(call);
    }
    return SdkJson.write(calls);
  }

  static <T> List<List<T>> batches(List<T> items, int size) {
    List<List<T>> batches = new ArrayList<>();
    for (int start = 0; start < items.size(); start += size) {
      batches.add(List.copyOf(items.subList(start, Math.min(items.size(), start + size))));
    }
    return batches;
  }

  /**
   * The desired table input merged into the existing table: parameters that ptlake does not own
   * (Spark's schema and bucket properties, user tags) and SerDe parameters (Spark's {@code path})
   * are kept, so Spark still reads the table as its own bucketed data source table. Every
   * {@code projection.*} parameter of the existing table is dropped: the desired ones (if any)
   * replace them, so a projection of an older layout (a key no longer partitioned) cannot linger.
   */
  static TableInput mergeInto(TableInput desired, Table existing, Set<String> owned) {
    Map<String, String> parameters = new TreeMap<>(existing.parameters());
    parameters.keySet().removeAll(owned);
    parameters.keySet().removeIf(key -> key.startsWith(PROJECTION_PREFIX));
    parameters.putAll(desired.parameters());
    StorageDescriptor storage = desired.storageDescriptor();
    if (existing.storageDescriptor() != null && existing.storageDescriptor().serdeInfo() != null) {
      Map<String, String> serde = new TreeMap<>(existing.storageDescriptor().serdeInfo().parameters());
      serde.putAll(storage.serdeInfo().parameters());
      storage = storage.toBuilder()
          .serdeInfo(storage.serdeInfo().toBuilder().parameters(serde).build())
          .build();
    }
    TableInput.Builder merged = desired.toBuilder().parameters(parameters).storageDescriptor(storage);
    if (existing.owner() != null) {
      merged.owner(existing.owner());
    }
    if (existing.retention() != null) {
      merged.retention(existing.retention());
    }
    return merged.build();
  }

  /** Whether writing {@code input} would change anything of {@code existing} that ptlake sets. */
  static boolean sameTable(Table existing, TableInput input) {
    return java.util.Objects.equals(existing.tableType(), input.tableType())
        && java.util.Objects.equals(existing.description(), input.description())
        && new TreeMap<>(existing.parameters()).equals(new TreeMap<>(input.parameters()))
        && columns(existing.partitionKeys()).equals(columns(input.partitionKeys()))
        && sameStorage(existing.storageDescriptor(), input.storageDescriptor());
  }

  /** Whether two storage descriptors agree on every field ptlake sets. */
  static boolean sameStorage(StorageDescriptor existing, StorageDescriptor desired) {
    if (existing == null || desired == null) {
      return existing == desired;
    }
    return project(existing).equals(project(desired));
  }

  /** The fields ptlake sets, with Glue's omissions (absent booleans, lists) made explicit. */
  private static StorageDescriptor project(StorageDescriptor sd) {
    SerDeInfo serde = sd.serdeInfo();
    return StorageDescriptor.builder()
        .columns(columns(sd.columns()))
        .location(withoutTrailingSlash(sd.location()))
        .inputFormat(sd.inputFormat())
        .outputFormat(sd.outputFormat())
        .compressed(Boolean.TRUE.equals(sd.compressed()))
        .numberOfBuckets(sd.numberOfBuckets())
        .serdeInfo(serde == null ? null : SerDeInfo.builder()
            .serializationLibrary(serde.serializationLibrary())
            .parameters(new TreeMap<>(serde.parameters()))
            .build())
        .bucketColumns(List.copyOf(sd.bucketColumns()))
        .sortColumns(sd.sortColumns().stream()
            .map(order -> Order.builder().column(order.column()).sortOrder(order.sortOrder()).build())
            .toList())
        .storedAsSubDirectories(Boolean.TRUE.equals(sd.storedAsSubDirectories()))
        .build();
  }

  private static List<Column> columns(List<Column> columns) {
    return columns.stream()
        .map(c -> Column.builder().name(c.name()).type(c.type()).comment(c.comment()).build())
        .toList();
  }

  private static String withoutTrailingSlash(String location) {
    return location != null && location.endsWith("/")
        ? location.substring(0, location.length() - 1)
        : location;
  }
}
