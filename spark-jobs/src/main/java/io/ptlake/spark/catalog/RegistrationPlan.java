package io.ptlake.spark.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;

/**
 * The tables {@code ptlake catalog register} registers, checked by {@link RegistrationPlanner},
 * and the three things it does with them: the Glue requests of a dry run, the Trino statements,
 * and the registration itself.
 *
 * @param registrations the rates table first, then each table found beside it
 * @param absent the tables beside it that the warehouse lacks, as {@code database.table}
 * @param tableLocation the rates table's folder
 * @param onS3 whether the tables are on S3, where Athena can read them
 */
public record RegistrationPlan(List<Registration> registrations, List<String> absent,
    String tableLocation, boolean onS3) {

  /** A table to register and the partitions found under its folder. */
  public record Registration(TableDefinition table, List<TablePartition> partitions) {
    public Registration {
      partitions = List.copyOf(partitions);
    }
  }

  public RegistrationPlan {
    registrations = List.copyOf(registrations);
    absent = List.copyOf(absent);
  }

  /**
   * The Glue requests a catalog without the database would receive: CreateDatabase once, then
   * each table's CreateTable and partitions in batches of {@code batchSize}.
   */
  public List<SdkRequest> glueRequests(PartitionMode mode, int batchSize) {
    List<SdkRequest> requests = new ArrayList<>();
    for (Registration registration : registrations) {
      requests.addAll(requests.isEmpty()
          ? GlueRequests.forEmptyCatalog(registration.table(), registration.partitions(), mode,
              batchSize)
          : GlueRequests.forMissingTable(registration.table(), registration.partitions(), mode,
              batchSize));
    }
    return requests;
  }

  /** {@link #glueRequests} as a JSON array of {@code {"operation": target, "request": body}}. */
  public String glueRequestsJson(PartitionMode mode, int batchSize) {
    return GlueRequests.toJson(glueRequests(mode, batchSize));
  }

  /** Each table's schema, table and partition sync for the Trino catalog, ended by ';'. */
  public String trinoStatements(String catalog) {
    StringBuilder statements = new StringBuilder();
    registrations.stream().map(registration -> TrinoDdl.createSchema(catalog,
        registration.table())).distinct().forEach(ddl -> statements.append(ddl).append(";\n"));
    for (Registration registration : registrations) {
      statements.append('\n').append(TrinoDdl.createTable(catalog, registration.table()))
          .append(";\n");
      TrinoDdl.syncPartitions(catalog, registration.table())
          .ifPresent(call -> statements.append(call).append(";\n"));
    }
    return statements.toString();
  }

  /** Registers every table in order; the results, one per table. */
  public List<RegistrationResult> register(GlueTableRegistrar registrar, PartitionMode mode) {
    List<RegistrationResult> results = new ArrayList<>();
    for (Registration registration : registrations) {
      results.add(registrar.register(registration.table(), registration.partitions(), mode));
    }
    return results;
  }

  /**
   * The summary {@code catalog register} prints, as JSON: tables_registered, tables_absent, complete and
   * one entry per table.
   */
  public String summaryJson(List<RegistrationResult> results) {
    return SdkJson.write(summary(results));
  }

  Map<String, Object> summary(List<RegistrationResult> results) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("tables_registered", results.stream().map(RegistrationResult::table).toList());
    summary.put("tables_absent", absent);
    summary.put("complete", complete(results));
    summary.put("tables", results.stream().map(RegistrationResult::toMap).toList());
    return summary;
  }

  public static boolean complete(List<RegistrationResult> results) {
    return results.stream().allMatch(RegistrationResult::complete);
  }
}
