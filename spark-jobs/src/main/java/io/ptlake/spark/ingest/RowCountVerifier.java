package io.ptlake.spark.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
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
   * {@code sources}. Reads the sources' month folders of the table location with the table's
   * schema, not the table through the catalog: the catalog route lists every billing_code
   * partition through the metastore, which on a 300 MB file (57,658 partitions) ran for more than
   * ten minutes inside the embedded Derby's IN-list handling, while listing the folders takes
   * seconds. The files are what every reader of the table gets.
   */
  public Map<String, Long> count(String table, List<PreprocessedSource> sources) {
    String[] monthDirs = monthDirs(table, sources);
    if (monthDirs.length == 0) {
      return perSource(null, sources);
    }
    return perSource(spark.read()
        .schema(spark.table(table).schema())
        .option("basePath", location(table))
        .parquet(monthDirs), sources);
  }

  /**
   * Rows of {@code rows} per source, by {@link PreprocessedSource#key}, in the order of
   * {@code sources} (0 for a source without rows; all 0 when {@code rows} is null).
   */
  static Map<String, Long> perSource(Dataset<Row> rows, List<PreprocessedSource> sources) {
    Object[] keys = sources.stream().map(PreprocessedSource::key).toArray();
    Map<String, Long> counted = rows == null ? Map.of() : rows
        .where(RateTableWriter.key().isin(keys))
        .groupBy(RateTableWriter.key())
        .count()
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(row -> row.getString(0), row -> row.getLong(1)));
    Map<String, Long> written = new LinkedHashMap<>();
    sources.forEach(source -> written.put(source.key(), counted.getOrDefault(source.key(), 0L)));
    return written;
  }

  /** The existing month folders of the sources: a month with no rows at all has none. */
  private String[] monthDirs(String table, List<PreprocessedSource> sources) {
    Configuration conf = spark.sessionState().newHadoopConf();
    List<String> dirs = new ArrayList<>();
    for (String month : sources.stream().map(PreprocessedSource::snapshotMonth).distinct().toList()) {
      Path dir = new Path(location(table), ChunkReader.SNAPSHOT_MONTH + "=" + month);
      try {
        if (dir.getFileSystem(conf).exists(dir)) {
          dirs.add(dir.toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + dir + " to count the rows of " + table, e);
      }
    }
    return dirs.toArray(String[]::new);
  }

  private String location(String table) {
    return TableLocation.of(spark, table, "count the rows of");
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
