package io.ptlake.spark.ingest;

import io.ptlake.spark.ingest.MonthFiles.DataFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;

/**
 * Rows per source key counted from Parquet footers: every row group of a file in a source_id
 * partition folder (layout source) holds rows of that source; elsewhere, a row group whose
 * source_id column chunk has statistics of one value and no nulls holds {@code rowCount} rows of
 * that source. Files with any other row group are left to a scan ({@link #toScan}).
 *
 * @param rows rows per {@link PreprocessedSource#key} of the wanted keys
 * @param toScan files that footers cannot count (qualified paths)
 */
record FooterCounts(Map<String, Long> rows, List<String> toScan) {
  /**
   * Footers read at once: each is two small reads (length, then footer), which on S3 are round
   * trips of tens of milliseconds, so the driver overlaps them rather than running a Spark job.
   */
  private static final int THREADS = 16;

  private record FileCount(DataFile file, String sourceId, long rows) {}

  static FooterCounts of(List<DataFile> files, Set<String> keys) {
    Map<String, Long> rows = new HashMap<>();
    List<String> toScan = new ArrayList<>();
    if (files.isEmpty()) {
      return new FooterCounts(rows, toScan);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, files.size()), task -> {
      Thread thread = new Thread(task, "ptlake-footer-count");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<FileCount>> counts = new ArrayList<>();
      for (DataFile file : files) {
        counts.add(pool.submit(() -> count(file)));
      }
      for (Future<FileCount> future : counts) {
        FileCount count = future.get();
        if (count.sourceId() == null) {
          toScan.add(count.file().path().toString());
        } else {
          String key = count.file().value(ChunkReader.SNAPSHOT_MONTH) + "/" + count.sourceId();
          if (keys.contains(key)) {
            rows.merge(key, count.rows(), Long::sum);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while counting rows from Parquet footers", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io;
      }
      throw new IllegalStateException("Cannot count rows from Parquet footers", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new FooterCounts(rows, toScan);
  }

  /**
   * The file's rows and its one source_id; a null source_id when a row group has several, nulls
   * or no statistics, or the file has no source_id column: such a file is scanned instead.
   */
  private static FileCount count(DataFile file) {
    InputFile input = new InputFile() {
      @Override
      public long getLength() {
        return file.length();
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        return HadoopStreams.wrap(file.fs().open(file.path()));
      }
    };
    try (ParquetFileReader reader = ParquetFileReader.open(input)) {
      String sourceId = null;
      long rows = 0;
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        // Layout source: the folder names the source, and its files hold no source_id column.
        String folderSource = file.value(ChunkReader.SOURCE_ID);
        String blockSource = folderSource != null ? folderSource : singleValue(block);
        if (blockSource == null || (sourceId != null && !sourceId.equals(blockSource))) {
          return new FileCount(file, null, 0);
        }
        sourceId = blockSource;
        rows += block.getRowCount();
      }
      // A file without row groups holds no rows of any source.
      return new FileCount(file, sourceId == null ? "" : sourceId, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the footer of " + file.path(), e);
    }
  }

  private static String singleValue(BlockMetaData block) {
    for (ColumnChunkMetaData column : block.getColumns()) {
      if (column.getPath().size() == 1
          && column.getPath().toArray()[0].equals(ChunkReader.SOURCE_ID)) {
        Statistics<?> stats = column.getStatistics();
        if (stats == null || stats.isEmpty() || !stats.hasNonNullValue()
            || !stats.isNumNullsSet() || stats.getNumNulls() != 0
            || !(stats.genericGetMin() instanceof Binary min)
            || !min.equals(stats.genericGetMax())) {
          return null;
        }
        return min.toStringUsingUTF8();
      }
    }
    return null;
  }
}
