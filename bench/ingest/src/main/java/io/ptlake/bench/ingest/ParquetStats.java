package io.ptlake.bench.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Rows, bytes and file sizes of a table folder, read from the Parquet files themselves (footer
 * row counts), not from either job's own report: the same count for both sides of the benchmark.
 * Folders starting with {@code _} or {@code .} (Spark's {@code _temporary}, staging) are skipped.
 */
record ParquetStats(long rows, long bytes, int files, long minBytes, long p50Bytes,
    long p90Bytes, long maxBytes) {

  static ParquetStats empty() {
    return new ParquetStats(0, 0, 0, 0, 0, 0, 0);
  }

  static ParquetStats of(Path tableDir) {
    return of(tableDir, null);
  }

  /** Every table under a database folder except {@code excluded} (the normalized tables). */
  static ParquetStats ofAll(Path databaseDir, Path excluded) {
    return of(databaseDir, excluded);
  }

  private static ParquetStats of(Path tableDir, Path excluded) {
    if (!Files.isDirectory(tableDir)) {
      return empty();
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(tableDir)) {
      files = walk
          .filter(path -> path.getFileName().toString().endsWith(".parquet"))
          .filter(path -> visible(tableDir.relativize(path)))
          .filter(path -> excluded == null || !path.startsWith(excluded))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + tableDir, e);
    }
    Configuration conf = new Configuration();
    long rows = 0;
    long[] sizes = new long[files.size()];
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
          new org.apache.hadoop.fs.Path(file.toUri()), conf))) {
        rows += reader.getRecordCount();
        sizes[i] = Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the footer of " + file, e);
      }
    }
    Arrays.sort(sizes);
    long bytes = Arrays.stream(sizes).sum();
    return sizes.length == 0 ? empty()
        : new ParquetStats(rows, bytes, sizes.length, sizes[0], percentile(sizes, 50),
            percentile(sizes, 90), sizes[sizes.length - 1]);
  }

  private static boolean visible(Path relative) {
    for (Path name : relative) {
      if (name.toString().startsWith("_") || name.toString().startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  /** Nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
