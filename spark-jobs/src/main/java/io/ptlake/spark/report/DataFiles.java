package io.ptlake.spark.report;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parquet files of a Hive-style rates table, counted per partition folder from one
 * recursive listing (one paginated LIST on S3), as a small-files check beside the row counts:
 * many small files per month are what {@code ptlake compact} is for.
 */
final class DataFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DataFiles.class);
  /** The partition folders' names: the table's partition columns. */
  private static final String MONTH_FOLDER = "snapshot_month=";
  private static final String SOURCE_FOLDER = "source_id=";

  /** Files and bytes of one partition: a source and month, or a month. */
  record Stats(long files, long bytes) {
    Stats plus(long fileBytes) {
      return new Stats(files + 1, bytes + fileBytes);
    }
  }

  private DataFiles() {}

  /**
   * Files and bytes under {@code location} by {@code snapshot_month/source_id} when the table is
   * partitioned by source ({@code --layout source}), else by {@code snapshot_month/}; folders and
   * files whose names start with {@code _} or {@code .} (a write in progress, Spark's markers)
   * are left out. Empty when the location cannot be listed.
   */
  static Map<String, Stats> list(String location, Configuration conf) {
    Map<String, Stats> stats = new TreeMap<>();
    Path root = new Path(location);
    String rootPath = root.toUri().getPath();
    try {
      FileSystem fs = root.getFileSystem(conf);
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
      while (files.hasNext()) {
        LocatedFileStatus file = files.next();
        String relative = file.getPath().toUri().getPath().substring(rootPath.length());
        String month = null;
        String source = "";
        boolean hidden = false;
        for (String part : relative.split("/")) {
          hidden |= part.startsWith("_") || part.startsWith(".");
          if (part.startsWith(MONTH_FOLDER)) {
            month = part.substring(MONTH_FOLDER.length());
          } else if (part.startsWith(SOURCE_FOLDER)) {
            source = part.substring(SOURCE_FOLDER.length());
          }
        }
        if (!hidden && month != null) {
          stats.merge(RunReports.key(month, source), new Stats(1, file.getLen()),
              (a, b) -> a.plus(b.bytes()));
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot list the files of {}: {}", location, e.toString());
      return Map.of();
    }
    return stats;
  }
}
