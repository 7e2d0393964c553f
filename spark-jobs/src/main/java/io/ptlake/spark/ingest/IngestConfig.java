package io.ptlake.spark.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one ingest reads and where it writes: checked once here, so the job never meets a bad
 * setting half-way through a write.
 *
 * @param sourceDirs preprocess output directories, as Hadoop paths or URIs (local or s3a://)
 * @param database catalog database of the table, created when missing
 * @param table table name inside {@code database}
 * @param buckets number of Spark buckets per partition, on the layout's bucket column (npi within
 *     each billing_code partition, billing_code within each source partition)
 * @param mode how rows already in the table are treated: merged (the default), appended to, or
 *     rebuilt
 * @param normalized whether the normalized tables ({@link NormalizedTables}: provider_groups,
 *     rates, in_network_items, files) are written beside {@code table}, with the same mode
 * @param layout how {@code table} is partitioned and bucketed ({@link TableLayout}); a merge or
 *     append into an existing table of the other layout is refused; Hive-style tables only
 * @param format the format of {@code table}; with {@link TableFormat#ICEBERG} {@code buckets}
 *     and {@code layout} are unused and {@code codeBuckets} applies
 * @param codeBuckets Iceberg only: partition by bucket(codeBuckets, billing_code) instead of
 *     billing_code itself when above 0
 * @param targetFileBytes Parquet bytes a file of the source layout aims at: a source whose rows
 *     would make bigger bucket files gets several files per bucket
 * @param writer the Parquet writer of {@code table} in the source layout (Hive format); the
 *     billing_code layout and Iceberg tables are written by Spark's
 */
public record IngestConfig(List<String> sourceDirs, String database, String table, int buckets,
    WriteMode mode, boolean normalized, TableLayout layout, TableFormat format, int codeBuckets,
    long targetFileBytes, WriterKind writer) {
  public static final String DEFAULT_DATABASE = "ptlake";
  public static final String DEFAULT_TABLE = "in_network_rates";
  public static final int MAX_BUCKETS = 1024;
  /**
   * Within the 128–512 MB Athena and Spark read best: a split per file, row groups of 128 MB, and
   * few enough files that listing them is cheap.
   */
  public static final long DEFAULT_TARGET_FILE_BYTES = 256L << 20;
  /** {@link #DEFAULT_TARGET_FILE_BYTES} as {@code --target-file-size} writes it. */
  public static final String DEFAULT_TARGET_FILE_SIZE_OPTION =
      (DEFAULT_TARGET_FILE_BYTES >> 20) + "m";
  /**
   * By source: measured on one generated 20 MB source (4,588,259 rows, 4,211 codes), it wrote 16
   * files (43 MB) instead of 4,211 (90 MB), in 48 s instead of 91 s on a shared 2-core machine
   * (docs/layouts.md).
   */
  public static final String DEFAULT_LAYOUT_OPTION = "source";
  public static final TableLayout DEFAULT_LAYOUT = TableLayout.fromOptionValue(DEFAULT_LAYOUT_OPTION);
  /** ptlake's own: docs/columnar-writer.md has the measurements. */
  public static final String DEFAULT_WRITER_OPTION = "columnar";
  public static final WriterKind DEFAULT_WRITER = WriterKind.fromOptionValue(DEFAULT_WRITER_OPTION);
  /** Safe to rerun: a source loaded again replaces its own rows. */
  public static final String DEFAULT_MODE_OPTION = "merge";
  public static final WriteMode DEFAULT_MODE =
      WriteMode.valueOf(DEFAULT_MODE_OPTION.toUpperCase(Locale.ROOT));
  public static final boolean DEFAULT_NORMALIZED = true;
  public static final String DEFAULT_FORMAT_OPTION = "hive";
  public static final TableFormat DEFAULT_FORMAT =
      TableFormat.valueOf(DEFAULT_FORMAT_OPTION.toUpperCase(Locale.ROOT));
  /** One Iceberg partition per billing code. */
  public static final int DEFAULT_CODE_BUCKETS = 0;

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
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(format, "format");
    if (codeBuckets < 0 || codeBuckets > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "Cannot ingest with " + codeBuckets + " code buckets: expected 0 to " + MAX_BUCKETS);
    }
    Objects.requireNonNull(writer, "writer");
    if (targetFileBytes < 1) {
      throw new IllegalArgumentException("Cannot ingest with a target file size of "
          + targetFileBytes + " bytes: expected a positive size");
    }
  }

  /** A table in {@code format}, files of the default target size. */
  public IngestConfig(List<String> sourceDirs, String database, String table, int buckets,
      WriteMode mode, boolean normalized, TableLayout layout, TableFormat format,
      int codeBuckets) {
    this(sourceDirs, database, table, buckets, mode, normalized, layout, format, codeBuckets,
        DEFAULT_TARGET_FILE_BYTES, DEFAULT_WRITER);
  }

  /** A Hive-style table in {@code layout}. */
  public IngestConfig(List<String> sourceDirs, String database, String table, int buckets,
      WriteMode mode, boolean normalized, TableLayout layout) {
    this(sourceDirs, database, table, buckets, mode, normalized, layout, DEFAULT_FORMAT,
        DEFAULT_CODE_BUCKETS);
  }

  /** A Hive-style table in the default layout. */
  public IngestConfig(List<String> sourceDirs, String database, String table, int buckets,
      WriteMode mode, boolean normalized) {
    this(sourceDirs, database, table, buckets, mode, normalized, DEFAULT_LAYOUT);
  }

  /** With the normalized tables, as the command line does by default. */
  public IngestConfig(
      List<String> sourceDirs, String database, String table, int buckets, WriteMode mode) {
    this(sourceDirs, database, table, buckets, mode, DEFAULT_NORMALIZED);
  }

  /** The defaults: database ptlake, table in_network_rates, the default layout, merge. */
  public static IngestConfig of(List<String> sourceDirs) {
    return new IngestConfig(sourceDirs, DEFAULT_DATABASE, DEFAULT_TABLE,
        DEFAULT_LAYOUT.defaultBuckets(), DEFAULT_MODE, DEFAULT_NORMALIZED, DEFAULT_LAYOUT);
  }

  /** The same ingest of other directories: what one file type of a run is written with. */
  public IngestConfig withSourceDirs(List<String> newSourceDirs) {
    return new IngestConfig(newSourceDirs, database, table, buckets, mode, normalized, layout,
        format, codeBuckets, targetFileBytes, writer);
  }

  public IngestConfig withTable(String newDatabase, String newTable) {
    return new IngestConfig(sourceDirs, newDatabase, newTable, buckets, mode, normalized, layout,
        format, codeBuckets, targetFileBytes, writer);
  }

  public IngestConfig withBuckets(int newBuckets) {
    return new IngestConfig(sourceDirs, database, table, newBuckets, mode, normalized, layout,
        format, codeBuckets, targetFileBytes, writer);
  }

  public IngestConfig withMode(WriteMode newMode) {
    return new IngestConfig(sourceDirs, database, table, buckets, newMode, normalized, layout,
        format, codeBuckets, targetFileBytes, writer);
  }

  public IngestConfig withNormalized(boolean newNormalized) {
    return new IngestConfig(sourceDirs, database, table, buckets, mode, newNormalized, layout,
        format, codeBuckets, targetFileBytes, writer);
  }

  public IngestConfig withLayout(TableLayout newLayout) {
    return new IngestConfig(sourceDirs, database, table, buckets, mode, normalized, newLayout,
        format, codeBuckets, targetFileBytes, writer);
  }

  public IngestConfig withFormat(TableFormat newFormat, int newCodeBuckets) {
    return new IngestConfig(sourceDirs, database, table, buckets, mode, normalized, layout,
        newFormat, newCodeBuckets, targetFileBytes, writer);
  }

  public IngestConfig withWriter(WriterKind newWriter) {
    return new IngestConfig(sourceDirs, database, table, buckets, mode, normalized, layout,
        format, codeBuckets, targetFileBytes, newWriter);
  }

  public IngestConfig withTargetFileBytes(long newTargetFileBytes) {
    return new IngestConfig(sourceDirs, database, table, buckets, mode, normalized, layout,
        format, codeBuckets, newTargetFileBytes, writer);
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

  /**
   * Whether {@code name} is an unquoted identifier that Spark, Hive, Glue and Athena all accept
   * alike: lower-case letters, digits and underscores, not starting with a digit.
   */
  public static boolean isIdentifier(String name) {
    return name != null && IDENTIFIER.matcher(name).matches();
  }

  private static void requireIdentifier(String what, String name) {
    if (!isIdentifier(name)) {
      throw new IllegalArgumentException(
          "Cannot ingest into " + what + " '" + name + "': expected lower-case letters, digits and"
              + " underscores, not starting with a digit");
    }
  }
}
