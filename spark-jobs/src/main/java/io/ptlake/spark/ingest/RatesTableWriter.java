package io.ptlake.spark.ingest;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the ingest needs of the {@code in_network_rates} writer, whatever the table format: refuse
 * before writing, write, and count each source's rows afterwards as readers will see them.
 */
interface RatesTableWriter {
  /** The writer of {@code config}'s table in {@code config.format()}. */
  static RatesTableWriter of(SparkSession spark, IngestConfig config) {
    if (config.format() == TableFormat.ICEBERG) {
      return new IcebergTableWriter(spark, config);
    }
    HiveTableWriter hive = HiveTableWriter.of(spark, config);
    return new RatesTableWriter() {
      @Override
      public String table() {
        return config.qualifiedTable();
      }

      @Override
      public void refuseSourcesAlreadyWritten(List<PreprocessedSource> sources) {
        hive.refuseSourcesAlreadyWritten(sources);
      }

      @Override
      public void write(
          RateRows rows, List<PreprocessedSource> sources, Dataset<String> newCodes) {
        hive.write(rows, sources, newCodes);
      }

      @Override
      public Map<String, Long> count(List<PreprocessedSource> sources) {
        return new RowCountVerifier(spark).count(config.qualifiedTable(), sources);
      }

      @Override
      public boolean writesNormalizedRates() {
        return hive.writesNormalizedRates();
      }
    };
  }

  /** The name Spark SQL reads the table by. */
  String table();

  /** Fails before anything is written when append mode would add a source twice. */
  void refuseSourcesAlreadyWritten(List<PreprocessedSource> sources);

  /**
   * Writes {@code rows} for {@code sources} in the configured mode; {@code newCodes} holds at
   * least every billing_code of {@code rows}.
   */
  void write(RateRows rows, List<PreprocessedSource> sources, Dataset<String> newCodes);

  /** Rows the table holds per source, by {@link PreprocessedSource#key}, in source order. */
  Map<String, Long> count(List<PreprocessedSource> sources);

  /**
   * Whether {@link #write} also writes the normalized rates table (the columnar writer does it
   * from the same records), so that {@link NormalizedTables} leaves it alone.
   */
  default boolean writesNormalizedRates() {
    return false;
  }
}
