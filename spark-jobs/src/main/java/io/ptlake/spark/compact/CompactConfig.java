package io.ptlake.spark.compact;

import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.TableFormat;
import io.ptlake.spark.ingest.WrittenTables;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one compaction rewrites, checked once here.
 *
 * @param database catalog database of the tables
 * @param table a table of {@code database}, or {@value #ALL_TABLES}: in_network_rates and the
 *     source-scoped normalized tables beside it (rates, in_network_items, files), those present
 * @param months the snapshot months to compact ({@code YYYY-MM}); empty: every month
 * @param targetFileBytes the size a compacted file is cut at (Parquet bytes on disk)
 * @param dryRun plan and report only, write nothing
 * @param format the format of in_network_rates, as the ingest wrote it; the normalized tables are
 *     always Hive-style
 */
public record CompactConfig(String database, String table, List<String> months,
    long targetFileBytes, boolean dryRun, TableFormat format) {
  /** {@code --table all}. */
  public static final String ALL_TABLES = "all";

  private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

  public CompactConfig {
    requireIdentifier("database", database);
    requireIdentifier("table", table);
    months = List.copyOf(Objects.requireNonNull(months, "months"));
    for (String month : months) {
      if (!MONTH.matcher(month).matches()) {
        throw new IllegalArgumentException(
            "Cannot compact snapshot month '" + month + "': expected YYYY-MM, e.g. 2024-05");
      }
    }
    if (targetFileBytes < 1) {
      throw new IllegalArgumentException(
          "Cannot compact to files of " + targetFileBytes + " bytes: expected at least 1");
    }
    Objects.requireNonNull(format, "format");
  }

  /** Every month of in_network_rates in ptlake, to 256 MiB files, Hive-style. */
  public static CompactConfig of(String database, String table) {
    return new CompactConfig(database, table, List.of(), IngestConfig.DEFAULT_TARGET_FILE_BYTES, false,
        TableFormat.HIVE);
  }

  public CompactConfig withMonths(List<String> newMonths) {
    return new CompactConfig(database, table, newMonths, targetFileBytes, dryRun, format);
  }

  public CompactConfig withTargetFileBytes(long newTarget) {
    return new CompactConfig(database, table, months, newTarget, dryRun, format);
  }

  public CompactConfig withDryRun(boolean newDryRun) {
    return new CompactConfig(database, table, months, targetFileBytes, newDryRun, format);
  }

  public CompactConfig withFormat(TableFormat newFormat) {
    return new CompactConfig(database, table, months, targetFileBytes, dryRun, newFormat);
  }

  /** The tables to compact, as {@code database.table}, in_network_rates first. */
  List<String> tables() {
    if (!table.equals(ALL_TABLES)) {
      return List.of(database + "." + table);
    }
    return Stream.concat(Stream.of(IngestConfig.DEFAULT_TABLE),
            Stream.of(WrittenTables.RATES, WrittenTables.IN_NETWORK_ITEMS, WrittenTables.FILES,
                    WrittenTables.ALLOWED_AMOUNTS, WrittenTables.PLANS, WrittenTables.PLAN_FILES)
                .map(written -> written.tableName(IngestConfig.DEFAULT_TABLE)))
        .map(name -> database + "." + name)
        .toList();
  }

  private static void requireIdentifier(String what, String name) {
    if (!IngestConfig.isIdentifier(name)) {
      throw new IllegalArgumentException("Cannot compact " + what + " '" + name
          + "': expected lower-case letters, digits and underscores, not starting with a digit");
    }
  }
}
