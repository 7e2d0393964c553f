package io.ptlake.spark.cli;

import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.TableFormat;
import io.ptlake.spark.ingest.TableLayout;
import io.ptlake.spark.ingest.WriteMode;
import io.ptlake.spark.ingest.WriterKind;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The table an ingest writes and how: shared by {@code ingest} and {@code run}. */
final class TableOptions {
  @Option(names = "--database", defaultValue = IngestConfig.DEFAULT_DATABASE,
      description = "Database of the table (default: ${DEFAULT-VALUE}).")
  String database = IngestConfig.DEFAULT_DATABASE;

  @Option(names = "--table", defaultValue = IngestConfig.DEFAULT_TABLE,
      description = "Table name (default: ${DEFAULT-VALUE}).")
  String table = IngestConfig.DEFAULT_TABLE;

  @Option(names = "--buckets", paramLabel = "N",
      description = "Buckets per partition: on npi within each billing_code partition (default 1),"
          + " on billing_code within each source partition (default 16).")
  Integer buckets;

  @Option(names = "--layout", paramLabel = "billing_code|source",
      defaultValue = IngestConfig.DEFAULT_LAYOUT_OPTION,
      converter = LayoutConverter.class,
      description = "billing_code: partitions (snapshot_month, billing_code), bucketed by npi;"
          + " source: partitions (snapshot_month, source_id), bucketed and sorted by"
          + " billing_code, far fewer files; a merge into a table of the other layout is refused;"
          + " hive tables only (default: ${DEFAULT-VALUE}).")
  TableLayout layout = IngestConfig.DEFAULT_LAYOUT;

  @Option(names = "--mode", defaultValue = IngestConfig.DEFAULT_MODE_OPTION,
      converter = WriteModeConverter.class,
      description = "merge adds new sources and replaces the rows of a source already loaded for"
          + " the same snapshot month (safe to rerun, never duplicates, other months untouched);"
          + " append adds and refuses a source already loaded; overwrite rebuilds the table from"
          + " the given sources only (default: ${DEFAULT-VALUE}).")
  WriteMode mode = IngestConfig.DEFAULT_MODE;

  @Option(names = "--normalized", negatable = true,
      defaultValue = "" + IngestConfig.DEFAULT_NORMALIZED, fallbackValue = "true",
      description = "Also write the normalized tables rates, provider_groups, in_network_items and"
          + " files (<table>_rates, … beside a table not named in_network_rates) with the same"
          + " mode, and the plans that file headers name into plans and plan_files;"
          + " --no-normalized writes the denormalized table only (allowed-amounts files and"
          + " tables of contents given still load) (default: on).")
  boolean normalized = IngestConfig.DEFAULT_NORMALIZED;

  @Option(names = "--table-format", defaultValue = IngestConfig.DEFAULT_FORMAT_OPTION,
      converter = TableFormatConverter.class,
      description = "hive writes Parquet partition folders registered in the metastore/Glue;"
          + " iceberg writes an Apache Iceberg table iceberg.<database>.<table> (a Hadoop catalog"
          + " under WH/iceberg locally, the Glue catalog on AWS) whose every write is one atomic"
          + " snapshot. The normalized tables and rejects stay hive (default: ${DEFAULT-VALUE}).")
  TableFormat format = IngestConfig.DEFAULT_FORMAT;

  @Option(names = "--code-buckets", paramLabel = "N",
      defaultValue = "" + IngestConfig.DEFAULT_CODE_BUCKETS,
      description = "Iceberg only: partition by bucket(N, billing_code) instead of billing_code;"
          + " 0 keeps one partition per code (default: ${DEFAULT-VALUE}).")
  int codeBuckets = IngestConfig.DEFAULT_CODE_BUCKETS;

  @Option(names = "--target-file-size", paramLabel = "SIZE",
      defaultValue = IngestConfig.DEFAULT_TARGET_FILE_SIZE_OPTION,
      converter = ByteSizeConverter.class,
      description = "Parquet file size the source layout aims at: a source whose rows would make"
          + " bigger bucket files gets several files per bucket, written in parallel; k, m or g"
          + " suffix (default: ${DEFAULT-VALUE}).")
  long targetFileBytes = IngestConfig.DEFAULT_TARGET_FILE_BYTES;

  @Option(names = "--writer", paramLabel = "columnar|spark",
      defaultValue = IngestConfig.DEFAULT_WRITER_OPTION, converter = WriterConverter.class,
      description = "The Parquet writer of the table in the source layout: columnar explodes the"
          + " rows inside ptlake's own writer, encoding each column per run of equal values;"
          + " spark writes the exploded rows with Spark's writer. The billing_code layout and"
          + " iceberg tables are always written by Spark's (default: ${DEFAULT-VALUE}).")
  WriterKind writer = IngestConfig.DEFAULT_WRITER;

  IngestConfig config(List<String> sourceDirs, CommandSpec spec) {
    try {
      if (codeBuckets > 0 && format != TableFormat.ICEBERG) {
        throw new IllegalArgumentException("--code-buckets needs --table-format iceberg");
      }
      return new IngestConfig(sourceDirs, database, table,
          buckets != null ? buckets : layout.defaultBuckets(), mode, normalized, layout, format,
          codeBuckets, targetFileBytes, writer);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  static final class WriterConverter implements ITypeConverter<WriterKind> {
    @Override
    public WriterKind convert(String value) {
      return WriterKind.fromOptionValue(value);
    }
  }

  static final class TableFormatConverter implements ITypeConverter<TableFormat> {
    @Override
    public TableFormat convert(String value) {
      return TableFormat.valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  static final class LayoutConverter implements ITypeConverter<TableLayout> {
    @Override
    public TableLayout convert(String value) {
      return TableLayout.fromOptionValue(value);
    }
  }

  /** Lower case on the command line, like every other value there. */
  static final class WriteModeConverter implements ITypeConverter<WriteMode> {
    @Override
    public WriteMode convert(String value) {
      return WriteMode.valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
