package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * Compares the rows the table holds for each source file with its manifest's expected_rows,
 * which the preprocessor computed from the source in its own pass: two independent counts of
 * the same thing.
 */
public final class RowCountVerifier {
  private final SparkSession spark;

  public RowCountVerifier(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Rows written per source file, in the order of {@code sources}.
   *
   * @throws RowCountMismatchException naming every source whose count differs
   */
  public Map<String, Long> verify(String table, List<PreprocessedSource> sources) {
    Map<String, Long> written = countBySource(table, sources);
    List<String> mismatches = sources.stream()
        .filter(source -> written.get(source.sourceFile()) != source.manifest().expectedRows())
        .map(source -> source.sourceFile() + ": expected " + source.manifest().expectedRows()
            + " rows, table holds " + written.get(source.sourceFile()))
        .toList();
    if (!mismatches.isEmpty()) {
      throw new RowCountMismatchException("Row count check failed for " + table + " ("
          + mismatches.size() + " of " + sources.size() + " sources): "
          + String.join("; ", mismatches));
    }
    return written;
  }

  private Map<String, Long> countBySource(String table, List<PreprocessedSource> sources) {
    List<String> files = sources.stream().map(PreprocessedSource::sourceFile).toList();
    Map<String, Long> counted = spark.table(table)
        .where(col(ChunkReader.SOURCE_FILE).isin(files.toArray()))
        .groupBy(ChunkReader.SOURCE_FILE)
        .count()
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(row -> row.getString(0), row -> row.getLong(1)));
    Map<String, Long> written = new LinkedHashMap<>();
    files.forEach(file -> written.put(file, counted.getOrDefault(file, 0L)));
    return written;
  }
}
