package io.ptlake.spark.catalog;

import io.ptlake.spark.catalog.RegistrationResult.PartitionFailure;
import io.ptlake.spark.catalog.RegistrationResult.TableAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.GetPartitionsRequest;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;

/**
 * Registers a partitioned, bucketed Parquet table in the Glue Data Catalog so that Athena reads
 * it as bucketed: Spark's own {@code saveAsTable} keeps the bucket spec in Spark-only properties,
 * which Athena and Trino ignore.
 *
 * <p>Idempotent: the database is created when missing (never changed), the table is created, or
 * updated only when a field ptlake sets differs, and only partitions that are missing or differ are
 * written. Retries happen in two layers: whole calls that Glue throttles or fails with a 5xx are
 * retried by the SDK client (see {@link GlueClientFactory}); partitions that a batch call reports
 * as throttled or failed internally are sent again, with jittered backoff. A batch call retried
 * after a lost answer may meet its own partitions as AlreadyExists: those are rewritten with
 * BatchUpdatePartition, which leaves them as they should be whatever the first call did.
 */
public final class GlueTableRegistrar implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GlueTableRegistrar.class);

  /** Per-partition error codes of the batch calls that a later attempt may not meet again. */
  static final Set<String> RETRYABLE_ERRORS = Set.of(
      "ThrottlingException", "InternalServiceException", "OperationTimeoutException",
      "ConcurrentModificationException");
  private static final String ALREADY_EXISTS = "AlreadyExistsException";

  /** How the registrar waits between attempts; tests pass one that does not sleep. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final GlueClient glue;
  private final GlueProperties properties;
  private final Sleeper sleeper;
  private final boolean ownsClient;
  /** Databases this registrar found or created: the further tables of one run skip the lookup. */
  private final Set<String> knownDatabases = new java.util.HashSet<>();

  GlueTableRegistrar(GlueClient glue, GlueProperties properties, Sleeper sleeper) {
    this(glue, properties, sleeper, false);
  }

  private GlueTableRegistrar(
      GlueClient glue, GlueProperties properties, Sleeper sleeper, boolean ownsClient) {
    this.glue = glue;
    this.properties = properties;
    this.sleeper = sleeper;
    this.ownsClient = ownsClient;
  }

  /** A registrar with its own Glue client, closed with it. */
  public static GlueTableRegistrar create(GlueProperties properties) {
    return new GlueTableRegistrar(new GlueClientFactory(properties).glue(), properties,
        duration -> Thread.sleep(duration.toMillis()), true);
  }

  /**
   * Creates or updates the database, the table and (in {@link PartitionMode#CATALOG}) its
   * partitions. Partitions Glue refuses are listed in the result; anything else Glue refuses is a
   * {@link CatalogException}.
   */
  public RegistrationResult register(
      TableDefinition table, List<TablePartition> partitions, PartitionMode requested) {
    // A table without projection (rejects by source_id) keeps its partitions in the catalog.
    PartitionMode mode = table.partitionMode(requested);
    try {
      boolean databaseCreated = ensureDatabase(table);
      TableAction tableAction = ensureTable(table, mode);
      if (mode == PartitionMode.PROJECTION) {
        return new RegistrationResult(table.qualifiedName(), mode, databaseCreated, tableAction,
            partitions.size(), 0, 0, 0, List.of());
      }
      return registerPartitions(table, partitions, databaseCreated, tableAction);
    } catch (SdkException e) {
      throw new CatalogException("Cannot register " + table.qualifiedName()
          + " in the Glue Data Catalog because Glue answered: " + e.getMessage(), e);
    }
  }

  private boolean ensureDatabase(TableDefinition table) {
    if (knownDatabases.contains(table.database())) {
      return false;
    }
    boolean created = false;
    try {
      glue.getDatabase(request -> request.name(table.database()));
    } catch (EntityNotFoundException missing) {
      try {
        glue.createDatabase(GlueRequests.createDatabase(table));
        LOG.info("Created Glue database {}", table.database());
        created = true;
      } catch (AlreadyExistsException createdMeanwhile) {
        // Another run created it: it exists, which is all this one needs.
      }
    }
    knownDatabases.add(table.database());
    return created;
  }

  private TableAction ensureTable(TableDefinition table, PartitionMode mode) {
    TableInput desired = GlueRequests.tableInput(table, mode);
    Optional<Table> existing = getTable(table);
    if (existing.isEmpty()) {
      try {
        glue.createTable(GlueRequests.createTable(table, mode));
        LOG.info("Created Glue table {}", table.qualifiedName());
        return TableAction.CREATED;
      } catch (AlreadyExistsException createdMeanwhile) {
        existing = getTable(table);
        if (existing.isEmpty()) {
          throw new CatalogException("Cannot register " + table.qualifiedName()
              + " because Glue reports it both as existing and as missing; run again");
        }
      }
    }
    Table current = existing.get();
    refuseForeignTable(table, current);
    TableInput merged = GlueRequests.mergeInto(desired, current, GlueRequests.ownedParameters(table));
    if (GlueRequests.sameTable(current, merged)) {
      return TableAction.UNCHANGED;
    }
    glue.updateTable(UpdateTableRequest.builder()
        .databaseName(table.database())
        .tableInput(merged)
        .build());
    LOG.info("Updated Glue table {}", table.qualifiedName());
    return TableAction.UPDATED;
  }

  private Optional<Table> getTable(TableDefinition table) {
    try {
      return Optional.of(glue.getTable(request -> request
          .databaseName(table.database()).name(table.table())).table());
    } catch (EntityNotFoundException missing) {
      return Optional.empty();
    }
  }

  /** A view or a table of another format under the same name is not ptlake's to rewrite. */
  private static void refuseForeignTable(TableDefinition table, Table current) {
    String tableType = current.tableType();
    String format = current.parameters().getOrDefault("table_type", "");
    if ("VIRTUAL_VIEW".equals(tableType) || !format.isEmpty()) {
      throw new CatalogException("Cannot register " + table.qualifiedName() + " because a "
          + (format.isEmpty() ? tableType : format + " table") + " of that name exists;"
          + " drop it or choose another --table");
    }
  }

  private RegistrationResult registerPartitions(TableDefinition table,
      List<TablePartition> partitions, boolean databaseCreated, TableAction tableAction) {
    Map<List<String>, Partition> registered = registeredPartitions(table);
    List<PartitionInput> missing = new ArrayList<>();
    List<PartitionInput> different = new ArrayList<>();
    int unchanged = 0;
    for (TablePartition partition : partitions) {
      PartitionInput input = GlueRequests.partitionInput(table, partition);
      Partition current = registered.get(partition.values());
      if (current == null) {
        missing.add(input);
      } else if (GlueRequests.sameStorage(current.storageDescriptor(), input.storageDescriptor())) {
        unchanged++;
      } else {
        different.add(input);
      }
    }
    List<PartitionFailure> failures = new ArrayList<>();
    List<PartitionInput> alreadyExisting = new ArrayList<>();
    int created = inBatches(table, missing, batch -> createBatch(table, batch), failures,
        alreadyExisting);
    different.addAll(alreadyExisting);
    int updated = inBatches(table, different, batch -> updateBatch(table, batch), failures,
        new ArrayList<>());
    LOG.info("Partitions of {}: {} created, {} updated, {} unchanged, {} failed",
        table.qualifiedName(), created, updated, unchanged, failures.size());
    return new RegistrationResult(table.qualifiedName(), PartitionMode.CATALOG, databaseCreated,
        tableAction, partitions.size(), created, updated, unchanged, failures);
  }

  /** Every partition Glue holds for the table, following GetPartitions' NextToken. */
  private Map<List<String>, Partition> registeredPartitions(TableDefinition table) {
    Map<List<String>, Partition> partitions = new HashMap<>();
    if (table.partitionKeys().isEmpty()) {
      // Nothing to look up: an unpartitioned table has no partition to compare.
      return partitions;
    }
    String token = null;
    do {
      GetPartitionsResponse page = glue.getPartitions(GetPartitionsRequest.builder()
          .databaseName(table.database())
          .tableName(table.table())
          .nextToken(token)
          .build());
      page.partitions().forEach(partition -> partitions.put(partition.values(), partition));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return partitions;
  }

  /** A per-partition error of a batch call. */
  private record BatchError(List<String> values, ErrorDetail detail) {
    String code() {
      return detail == null ? null : detail.errorCode();
    }
  }

  private List<BatchError> createBatch(TableDefinition table, List<PartitionInput> batch) {
    return glue.batchCreatePartition(GlueRequests.batchCreatePartition(table, batch)).errors()
        .stream()
        .map(error -> new BatchError(error.partitionValues(), error.errorDetail()))
        .toList();
  }

  private List<BatchError> updateBatch(TableDefinition table, List<PartitionInput> batch) {
    BatchUpdatePartitionRequest request = BatchUpdatePartitionRequest.builder()
        .databaseName(table.database())
        .tableName(table.table())
        .entries(batch.stream()
            .map(input -> BatchUpdatePartitionRequestEntry.builder()
                .partitionValueList(input.values())
                .partitionInput(input)
                .build())
            .toList())
        .build();
    return glue.batchUpdatePartition(request).errors().stream()
        .map(error -> new BatchError(error.partitionValueList(), error.errorDetail()))
        .toList();
  }

  /**
   * Sends {@code inputs} in batches of at most the batch size. Partitions reported as throttled or
   * failed internally go again in a later round, after a jittered backoff, up to the attempt
   * limit; AlreadyExists ones go to {@code alreadyExisting}; the rest are failures. Returns how
   * many partitions succeeded.
   */
  private int inBatches(TableDefinition table, List<PartitionInput> inputs,
      Function<List<PartitionInput>, List<BatchError>> call, List<PartitionFailure> failures,
      List<PartitionInput> alreadyExisting) {
    int succeeded = 0;
    List<PartitionInput> pending = inputs;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      List<PartitionInput> again = new ArrayList<>();
      for (List<PartitionInput> batch : GlueRequests.batches(pending, properties.batchSize())) {
        Map<List<String>, PartitionInput> byValues = new LinkedHashMap<>();
        batch.forEach(input -> byValues.put(input.values(), input));
        List<BatchError> errors = call.apply(batch);
        succeeded += batch.size() - errors.size();
        for (BatchError error : errors) {
          PartitionInput input = byValues.get(error.values());
          String code = error.code();
          if (ALREADY_EXISTS.equals(code) && input != null) {
            alreadyExisting.add(input);
          } else if (RETRYABLE_ERRORS.contains(code) && input != null
              && attempt < properties.maxAttempts()) {
            again.add(input);
          } else {
            failures.add(new PartitionFailure(error.values(), code,
                error.detail() == null ? null : error.detail().errorMessage()));
          }
        }
      }
      if (!again.isEmpty()) {
        LOG.info("{} partitions of {} throttled or failed internally; attempt {} of {}",
            again.size(), table.qualifiedName(), attempt + 1, properties.maxAttempts());
        pause(backoff(attempt));
      }
      pending = again;
    }
    return succeeded;
  }

  /** Full jitter: uniform in [0, min(max, base × 2^(attempt−1))]. */
  Duration backoff(int attempt) {
    long base = properties.retryBaseDelay().toMillis();
    long cap = properties.retryMaxDelay().toMillis();
    long ceiling = Math.min(cap, base << Math.min(attempt - 1, 30));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  private void pause(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("Cannot finish registering partitions because the thread was"
          + " interrupted", e);
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      glue.close();
    }
  }
}
