package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Compares the rows the table holds for each source with its manifest's expected_rows, which the
 * preprocessor computed from the source in its own pass: two independent counts of the same thing.
 * Rejected records explain a difference only as far as their rows were counted
 * ({@link IngestReport.SourceReport#unexplainedRows}).
 */
public final class RowCountVerifier {
  private final SparkSession spark;

  public RowCountVerifier(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Rows the table holds per source, by {@link PreprocessedSource#key}, in the order of
   * {@code sources}. Counts the Parquet files of the sources' month folders of the table location,
   * not the table through the catalog: the catalog route lists every billing_code partition
   * through the metastore, which on a 300 MB file (57,658 partitions) ran for more than ten minutes
   * inside the embedded Derby's IN-list handling, while listing the folders takes seconds. The
   * files are what every reader of the table gets.
   *
   * <p>A row group whose source_id statistics hold one value (the usual case: a load of one source
   * writes files of that source only) is counted from its footer, without reading a row. Only the
   * files with a row group of several sources (several sources loaded at once into one partition)
   * or without statistics are scanned, and only for their month and source_id columns.
   */
  public Map<String, Long> count(String table, List<PreprocessedSource> sources) {
    Set<String> keys = sources.stream().map(PreprocessedSource::key)
        .collect(Collectors.toCollection(HashSet::new));
    String location = TableLocation.of(spark, table, "count the rows of");
    List<String> months =
        sources.stream().map(PreprocessedSource::snapshotMonth).distinct().toList();
    FooterCounts footers = FooterCounts.of(
        MonthFiles.list(new Path(location), months, spark.sessionState().newHadoopConf()), keys);
    Map<String, Long> counted = new HashMap<>(footers.rows());
    if (!footers.toScan().isEmpty()) {
      Object[] ids = sources.stream().map(PreprocessedSource::sourceId).distinct().toArray();
      spark.read()
          .schema(spark.table(table).schema())
          .option("basePath", location)
          .parquet(footers.toScan().toArray(String[]::new))
          // The raw columns, not the key expression: month prunes by folder, source_id by row
          // group statistics, and no string is built per row.
          .where(col(ChunkReader.SNAPSHOT_MONTH).isin(months.toArray())
              .and(col(ChunkReader.SOURCE_ID).isin(ids)))
          .groupBy(ChunkReader.SNAPSHOT_MONTH, ChunkReader.SOURCE_ID)
          .count()
          .collectAsList()
          .forEach(row -> {
            String key = row.getString(0) + "/" + row.getString(1);
            if (keys.contains(key)) {
              counted.merge(key, row.getLong(2), Long::sum);
            }
          });
    }
    return inSourceOrder(counted, sources);
  }

  /**
   * Rows of {@code rows} per source, by {@link PreprocessedSource#key}, in the order of
   * {@code sources} (0 for a source without rows; all 0 when {@code rows} is null).
   */
  static Map<String, Long> perSource(Dataset<Row> rows, List<PreprocessedSource> sources) {
    Object[] keys = sources.stream().map(PreprocessedSource::key).toArray();
    Map<String, Long> counted = rows == null ? Map.of() : rows
        .where(SourceKeys.column().isin(keys))
        .groupBy(SourceKeys.column())
        .count()
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(row -> row.getString(0), row -> row.getLong(1)));
    return inSourceOrder(counted, sources);
  }

  /** {@code counted} per source key in the order of {@code sources}, 0 for a source not in it. */
  private static Map<String, Long> inSourceOrder(
      Map<String, Long> counted, List<PreprocessedSource> sources) {
    Map<String, Long> written = new LinkedHashMap<>();
    sources.forEach(source -> written.put(source.key(), counted.getOrDefault(source.key(), 0L)));
    return written;
  }

  /** @throws RowCountMismatchException naming every source with unexplained rows */
  static void verify(String table, List<IngestReport.SourceReport> reports) {
    List<String> mismatches = reports.stream()
        .filter(IngestReport.SourceReport::failsCheck)
        .map(report -> report.sourceFile() + ": expected " + report.expectedRows()
            + " rows, table holds " + report.writtenRows()
            + (report.rejectedRecords() == 0 ? ""
                : " (" + report.rejectedRecords() + " records rejected, "
                    + report.rowsOfRejectedRecords() + " rows of theirs counted)"))
        .toList();
    if (!mismatches.isEmpty()) {
      throw new RowCountMismatchException("Row count check failed for " + table + " ("
          + mismatches.size() + " of " + reports.size() + " sources): "
          + String.join("; ", mismatches));
    }
  }
}
