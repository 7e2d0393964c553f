package io.ptlake.spark.report;

import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.TableFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one price report shows, checked once here.
 *
 * @param database catalog database of the tables
 * @param table the rates table in {@code database}
 * @param format how the ingest wrote the rates table (an Iceberg table is {@code iceberg.db.table})
 * @param codes billing codes to show; empty: the {@code topCodes} codes with the most rows
 * @param npi the provider to set against the market; null for no provider section
 * @param month the snapshot month ({@code YYYY-MM}); null for every month of the table
 * @param topCodes how many codes to show when none is named
 * @param maxOutliers outliers listed per code, the farthest from the market median first
 * @param providerRows codes (by negotiated type and billing class) of the provider section, the
 *     provider's most frequent first
 */
public record ReportConfig(String database, String table, TableFormat format, List<String> codes,
    Long npi, String month, int topCodes, int maxOutliers, int providerRows) {
  public static final int DEFAULT_TOP_CODES = 10;
  public static final int DEFAULT_MAX_OUTLIERS = 20;
  public static final int DEFAULT_PROVIDER_ROWS = 30;
  /** Bounds of {@code snapshot_month BETWEEN ? AND ?} that take every month. */
  public static final String FIRST_MONTH = "0000-01";
  public static final String LAST_MONTH = "9999-12";
  /** More codes than a page can show legibly; each costs three queries. */
  static final int MAX_CODES = 100;

  private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

  public ReportConfig {
    requireIdentifier("database", database);
    requireIdentifier("table", table);
    Objects.requireNonNull(format, "format");
    codes = codes.stream().map(String::trim).distinct().toList();
    if (codes.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("Cannot report on an empty billing code");
    }
    if (codes.size() > MAX_CODES) {
      throw new IllegalArgumentException("Cannot report on " + codes.size() + " codes: at most "
          + MAX_CODES + " fit a page");
    }
    if (npi != null && npi < 0) {
      throw new IllegalArgumentException("Cannot report on NPI " + npi + ": expected a number"
          + " of 10 digits");
    }
    if (month != null && !MONTH.matcher(month).matches()) {
      throw new IllegalArgumentException(
          "Cannot report on snapshot month '" + month + "': expected YYYY-MM, e.g. 2024-05");
    }
    requirePositive("topCodes", topCodes, MAX_CODES);
    requirePositive("maxOutliers", maxOutliers, 1000);
    requirePositive("providerRows", providerRows, 1000);
  }

  /** The default table, every month, the top codes, no provider. */
  public static ReportConfig defaults() {
    return new ReportConfig(IngestConfig.DEFAULT_DATABASE, IngestConfig.DEFAULT_TABLE,
        TableFormat.HIVE, List.of(), null, null, DEFAULT_TOP_CODES, DEFAULT_MAX_OUTLIERS,
        DEFAULT_PROVIDER_ROWS);
  }

  public ReportConfig withTable(String newDatabase, String newTable, TableFormat newFormat) {
    return new ReportConfig(newDatabase, newTable, newFormat, codes, npi, month, topCodes,
        maxOutliers, providerRows);
  }

  public ReportConfig withCodes(List<String> newCodes) {
    return new ReportConfig(database, table, format, newCodes, npi, month, topCodes, maxOutliers,
        providerRows);
  }

  public ReportConfig withNpi(Long newNpi) {
    return new ReportConfig(database, table, format, codes, newNpi, month, topCodes, maxOutliers,
        providerRows);
  }

  public ReportConfig withMonth(String newMonth) {
    return new ReportConfig(database, table, format, codes, npi, newMonth, topCodes, maxOutliers,
        providerRows);
  }

  public ReportConfig withTopCodes(int newTopCodes) {
    return new ReportConfig(database, table, format, codes, npi, month, newTopCodes, maxOutliers,
        providerRows);
  }

  /** The lower bound of {@code snapshot_month BETWEEN ? AND ?}. */
  public String monthFrom() {
    return month != null ? month : FIRST_MONTH;
  }

  /** The upper bound of {@code snapshot_month BETWEEN ? AND ?}. */
  public String monthTo() {
    return month != null ? month : LAST_MONTH;
  }

  private static void requireIdentifier(String what, String name) {
    if (name == null || !IngestConfig.isIdentifier(name)) {
      throw new IllegalArgumentException("Cannot report on " + what + " '" + name
          + "': expected lower-case letters, digits and underscores");
    }
  }

  private static void requirePositive(String what, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(
          "Cannot report with " + what + " " + value + ": expected 1 to " + max);
    }
  }
}
