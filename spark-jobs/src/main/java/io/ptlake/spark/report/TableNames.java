package io.ptlake.spark.report;

import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.WrittenTables;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables a report reads, as the catalog names them. The report's SQL files name them as in
 * the default database ({@code ptlake.in_network_rates}, {@code ptlake.files}, …); a report on
 * another database or table runs the same text with the names put in.
 *
 * @param rates the rates table ({@code iceberg.db.table} for an Iceberg table)
 * @param files the normalized files table beside it (one row per source file)
 * @param rejects the ingest's rejects table of the database
 * @param providers the NPPES providers table of the database, when a load of NPPES wrote one
 */
public record TableNames(String rates, String files, String rejects, String providers) {
  private static final Pattern TABLE_IN_SQL =
      Pattern.compile("\\b" + IngestConfig.DEFAULT_DATABASE + "\\.([a-z_][a-z0-9_]*)\\b");

  /** The NPPES table's name in the database; a later load of NPPES writes it. */
  static final String PROVIDERS = "providers";

  public static TableNames of(ReportConfig config) {
    return new TableNames(config.format().sparkName(config.database() + "." + config.table()),
        config.database() + "." + WrittenTables.FILES.tableName(config.table()),
        config.database() + "." + WrittenTables.REJECTS.tableName(config.table()),
        config.database() + "." + PROVIDERS);
  }

  /** {@code statement} with each {@code ptlake.<table>} replaced by the catalog's name for it. */
  public String qualify(String statement) {
    Map<String, String> byFileName = Map.of(
        IngestConfig.DEFAULT_TABLE, rates,
        WrittenTables.FILES.name(), files,
        WrittenTables.REJECTS.name(), rejects,
        PROVIDERS, providers);
    Matcher table = TABLE_IN_SQL.matcher(statement);
    StringBuilder qualified = new StringBuilder();
    while (table.find()) {
      String name = byFileName.get(table.group(1));
      if (name == null) {
        throw new IllegalArgumentException("Cannot run a report query on " + table.group()
            + ": the report knows " + byFileName.keySet());
      }
      table.appendReplacement(qualified, Matcher.quoteReplacement(name));
    }
    return table.appendTail(qualified).toString();
  }
}
