package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.lit;

import io.ptlake.preprocess.ChunkKind;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the chunk sets of preprocessed sources, each record tagged with its source file. */
final class ChunkReader {
  /** The column that names the source file (its manifest's source uri) on every record. */
  static final String SOURCE_FILE = "source_file";

  private final SparkSession spark;

  ChunkReader(SparkSession spark) {
    this.spark = spark;
  }

  /** One chunk set of every source, as one Dataset. */
  Dataset<Row> readAll(List<PreprocessedSource> sources, ChunkKind kind) {
    return union(sources, source -> read(source, kind));
  }

  /** Items with their file's header fields, which every row of the table repeats. */
  Dataset<Row> readItemsWithHeader(List<PreprocessedSource> sources) {
    return union(sources, source -> read(source, ChunkKind.ITEMS)
        .withColumns(FileHeader.columns(source.manifest().header())));
  }

  /**
   * The files the manifest lists, never a directory listing, so a stray or half-written file is
   * not read. FAILFAST: a record that does not fit the schema stops the ingest rather than
   * becoming a row of nulls that the row count check could not tell apart.
   */
  Dataset<Row> read(PreprocessedSource source, ChunkKind kind) {
    List<String> files = source.chunkFiles(kind);
    Dataset<Row> records = files.isEmpty()
        // The contract writes no file for an empty chunk set.
        ? spark.createDataFrame(List.of(), ChunkSchemas.of(kind))
        : spark.read()
            .schema(ChunkSchemas.of(kind))
            .option("mode", "FAILFAST")
            .json(files.toArray(String[]::new));
    return records.withColumn(SOURCE_FILE, lit(source.sourceFile()));
  }

  private static Dataset<Row> union(
      List<PreprocessedSource> sources, Function<PreprocessedSource, Dataset<Row>> read) {
    return sources.stream().map(read).reduce(Dataset::union).orElseThrow();
  }
}
