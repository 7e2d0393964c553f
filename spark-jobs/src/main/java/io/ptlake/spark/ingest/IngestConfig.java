package io.ptlake.spark.ingest;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one ingest reads and where it writes: checked once here, so the job never meets a bad
 * setting half-way through a write.
 *
 * @param sourceDirs preprocess output directories, as Hadoop paths or URIs (local or s3a://)
 * @param database catalog database of the table, created when missing
 * @param table table name inside {@code database}
 * @param buckets number of Spark buckets on {@code npi} within each billing_code partition
 * @param mode how rows already in the table are treated: merged (the default), appended to, or
 *     rebuilt
 * @param normalized whether the normalized tables ({@link NormalizedTables}: provider_groups,
 *     rates, in_network_items, files) are written beside {@code table}, with the same mode
 * @param format the format of {@code table}; with {@link TableFormat#ICEBERG} {@code buckets}
 *     is unused and {@code codeBuckets} applies
 * @param codeBuckets Iceberg only: partition by bucket(codeBuckets, billing_code) instead of
 *     billing_code itself when above 0
 */
public record IngestConfig(List<String> sourceDirs, String database, String table, int buckets,
    WriteMode mode, boolean normalized, TableFormat format, int codeBuckets) {
  public static final String DEFAULT_DATABASE = "ptlake";
  public static final String DEFAULT_TABLE = "in_network_rates";
  /**
   * One bucket: each billing_code partition is one file per write, sorted by npi so readers skip
   * row groups. Measured on a 20 MB source (4.5 M rows, 4,211 billing codes): 8 buckets wrote
   * 33,564 files averaging 14 KB (465 MB) with a 61 s write stage; 1 bucket wrote 4,211 files
   * (110 MB) in 37 s. Even a 100 GB source yields ~10 MB per billing code, far below the
   * ~128 MB per file Athena reads well; raise it only when one ingest brings that much per code.
   */
  public static final int DEFAULT_BUCKETS = 1;
  public static final int MAX_BUCKETS = 1024;

  // Unquoted identifiers that Spark, Hive and Athena all accept alike (Athena lowers case).
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  public IngestConfig {
    sourceDirs = List.copyOf(Objects.requireNonNull(sourceDirs, "sourceDirs"));
    if (sourceDirs.isEmpty()) {
      throw new IllegalArgumentException("Cannot ingest because no preprocessed directory is given");
    }
    requireIdentifier("database", database);
    requireIdentifier("table", table);
    if (buckets < 1 || buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "Cannot ingest with " + buckets + " buckets: expected 1 to " + MAX_BUCKETS);
    }
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(format, "format");
    if (codeBuckets < 0 || codeBuckets > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "Cannot ingest with " + codeBuckets + " code buckets: expected 0 to " + MAX_BUCKETS);
    }
  }

  /** A Hive-style table. */
  public IngestConfig(List<String> sourceDirs, String database, String table, int buckets,
      WriteMode mode, boolean normalized) {
    this(sourceDirs, database, table, buckets, mode, normalized, TableFormat.HIVE, 0);
  }

  /** With the normalized tables, as the command line does by default. */
  public IngestConfig(
      List<String> sourceDirs, String database, String table, int buckets, WriteMode mode) {
    this(sourceDirs, database, table, buckets, mode, true);
  }

  /** The defaults: database ptlake, table in_network_rates, one bucket, merge. */
  public static IngestConfig of(List<String> sourceDirs) {
    return new IngestConfig(
        sourceDirs, DEFAULT_DATABASE, DEFAULT_TABLE, DEFAULT_BUCKETS, WriteMode.MERGE);
  }

  public IngestConfig withTable(String newDatabase, String newTable) {
    return new IngestConfig(
        sourceDirs, newDatabase, newTable, buckets, mode, normalized, format, codeBuckets);
  }

  public IngestConfig withBuckets(int newBuckets) {
    return new IngestConfig(
        sourceDirs, database, table, newBuckets, mode, normalized, format, codeBuckets);
  }

  public IngestConfig withMode(WriteMode newMode) {
    return new IngestConfig(
        sourceDirs, database, table, buckets, newMode, normalized, format, codeBuckets);
  }

  public IngestConfig withNormalized(boolean newNormalized) {
    return new IngestConfig(
        sourceDirs, database, table, buckets, mode, newNormalized, format, codeBuckets);
  }

  public IngestConfig withFormat(TableFormat newFormat, int newCodeBuckets) {
    return new IngestConfig(
        sourceDirs, database, table, buckets, mode, normalized, newFormat, newCodeBuckets);
  }

  /**
   * {@code database.name} of a normalized table: {@code name} itself beside the default table
   * (ptlake.rates, ptlake.provider_groups, …), {@code <table>_<name>} beside any other, so that
   * two denormalized tables in one database never share normalized ones.
   */
  public String normalizedTable(String name) {
    return database + "." + (table.equals(DEFAULT_TABLE) ? name : table + "_" + name);
  }

  /** {@code database.table}, as Spark SQL names it. */
  public String qualifiedTable() {
    return database + "." + table;
  }

  private static void requireIdentifier(String what, String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Cannot ingest into " + what + " '" + name + "': expected lower-case letters, digits and"
              + " underscores, not starting with a digit");
    }
  }
}
