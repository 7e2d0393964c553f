package io.ptlake.spark.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a registration did. Printed as JSON by {@code catalog register}.
 *
 * @param table {@code database.table}
 * @param partitionMode how Athena finds the partitions
 * @param databaseCreated whether the database had to be created
 * @param tableAction what happened to the table
 * @param partitionsFound partitions found under the table's location
 * @param partitionsCreated partitions added to the catalog
 * @param partitionsUpdated partitions whose catalog entry was rewritten
 * @param partitionsUnchanged partitions already registered as they should be
 * @param failures partitions Glue refused, with its error code and message
 */
public record RegistrationResult(
    String table,
    PartitionMode partitionMode,
    boolean databaseCreated,
    TableAction tableAction,
    int partitionsFound,
    int partitionsCreated,
    int partitionsUpdated,
    int partitionsUnchanged,
    List<PartitionFailure> failures) {

  public enum TableAction { CREATED, UPDATED, UNCHANGED }

  /** A partition that Glue refused; {@code errorCode} is Glue's, e.g. ResourceNumberLimitExceededException. */
  public record PartitionFailure(List<String> values, String errorCode, String message) {}

  public RegistrationResult {
    failures = List.copyOf(failures);
  }

  public boolean complete() {
    return failures.isEmpty();
  }

  public String toJson() {
    return SdkJson.write(toMap());
  }

  /** The fields of {@link #toJson}, in order, for a summary of several registrations. */
  public Map<String, Object> toMap() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("table", table);
    json.put("partition_mode", partitionMode.optionValue());
    json.put("database_created", databaseCreated);
    json.put("table_action", tableAction.name().toLowerCase(java.util.Locale.ROOT));
    json.put("partitions_found", partitionsFound);
    json.put("partitions_created", partitionsCreated);
    json.put("partitions_updated", partitionsUpdated);
    json.put("partitions_unchanged", partitionsUnchanged);
    json.put("partitions_failed", failures.stream()
        .map(f -> Map.of("values", f.values(), "error_code", String.valueOf(f.errorCode()),
            "message", String.valueOf(f.message())))
        .toList());
    return json;
  }
}
