package io.ptlake.spark.compact;

import io.ptlake.spark.compact.CompactReport.TableReport;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts an Iceberg table ({@code --table-format iceberg}) with Iceberg's own file rewrite,
 * {@code rewrite_data_files}, sorted by the table's sort order (billing_code, npi) and cut at the
 * target size; Iceberg commits it as one snapshot, so readers see the files before or after it.
 * Only partitions of two or more files are rewritten ({@code min-input-files} 2), so a second run
 * finds nothing to do. The replaced files stay until {@code expire_snapshots}.
 */
final class IcebergCompactor {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergCompactor.class);

  /** The Spark catalog the ingest's IcebergTableWriter writes to (SparkSessionFactory sets it). */
  static final String CATALOG = "iceberg";

  private final SparkSession spark;
  private final CompactConfig config;

  IcebergCompactor(SparkSession spark, CompactConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Compacts {@code table} ({@code database.table}) of the Iceberg catalog. */
  TableReport compact(String table) {
    long started = System.nanoTime();
    String name = CATALOG + "." + table;
    if (!spark.catalog().tableExists(name)) {
      throw new CompactException("Cannot compact " + name + " because the catalog has no such"
          + " table; --table-format iceberg compacts the table an ingest with --table-format"
          + " iceberg wrote");
    }
    Map<String, Set<String>> before = files(name);
    Set<String> planned = before.entrySet().stream()
        .filter(partition -> partition.getValue().size() > 1)
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
    Map<String, Set<String>> after = before;
    int added = 0;
    if (!planned.isEmpty() && !config.dryRun()) {
      Row result = spark.sql("CALL " + CATALOG + ".system.rewrite_data_files("
          + "table => '" + table + "', strategy => 'sort', options => map("
          + "'target-file-size-bytes', '" + config.targetFileBytes() + "', 'min-input-files', '2')"
          + (config.months().isEmpty() ? "" : ", where => \"" + monthFilter() + "\"") + ")")
          .first();
      added = result.getInt(result.fieldIndex("added_data_files_count"));
      LOG.info("Rewrote {} data files of {} into {}",
          result.getInt(result.fieldIndex("rewritten_data_files_count")), name, added);
      after = files(name);
    }
    int compacted = 0;
    for (Map.Entry<String, Set<String>> partition : before.entrySet()) {
      if (config.dryRun() ? planned.contains(partition.getKey())
          : !partition.getValue().equals(after.get(partition.getKey()))) {
        compacted++;
      }
    }
    return new TableReport(name, "iceberg", before.size(), compacted, count(before), count(after),
        bytes(name, before), bytes(name, after), config.dryRun() ? planned.size() : added,
        (System.nanoTime() - started) / 1e9);
  }

  /** Data file paths per partition (as JSON) of the current snapshot, in the months given. */
  private Map<String, Set<String>> files(String name) {
    Map<String, Set<String>> files = new HashMap<>();
    for (Row row : spark.sql("SELECT to_json(partition), file_path, file_size_in_bytes FROM "
        + name + ".data_files" + (config.months().isEmpty() ? "" : " WHERE partition."
        + monthFilter())).collectAsList()) {
      files.computeIfAbsent(row.getString(0), key -> new TreeSet<>())
          .add(row.getString(1) + "\t" + row.getLong(2));
    }
    return files;
  }

  private String monthFilter() {
    return "snapshot_month IN (" + config.months().stream().map(month -> "'" + month + "'")
        .collect(Collectors.joining(", ")) + ")";
  }

  private static int count(Map<String, Set<String>> files) {
    return files.values().stream().mapToInt(Set::size).sum();
  }

  private static long bytes(String name, Map<String, Set<String>> files) {
    return files.values().stream().flatMap(Set::stream)
        .mapToLong(file -> Long.parseLong(file.substring(file.lastIndexOf('\t') + 1)))
        .sum();
  }
}
