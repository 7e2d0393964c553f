package io.ptlake.spark.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a write into a Hive-style table leaves when it is killed, and how the next write of the
 * table (an ingest's merge or append, a compaction) finishes or removes it before its own. Writes
 * into one table do not run concurrently, so whatever these folders hold belongs to a write that
 * is no longer running. The columnar writer's own commit is the same partition swap
 * ({@link #commit}), from a {@code .ptlake-staging-<job>} folder of the same layout.
 *
 * <ul>
 *   <li>{@code _temporary}: an append writes there (Hadoop's FileOutputCommitter) and moves it
 *       into the partitions at job commit. A run killed after some tasks committed but before
 *       the job did leaves their output, and the next append's job commit would move it in with
 *       its own: the killed run's rows twice. No reader sees it; it is deleted.
 *   <li>{@code .spark-staging-<job>} without {@code _SUCCESS}: a dynamic partition overwrite
 *       killed before its job commit finished moving task output into the staging folder. The
 *       table's partitions are only touched after that (the marker is written last), so the
 *       table is as it was and the folder is deleted.
 *   <li>{@code .spark-staging-<job>} with {@code _SUCCESS}: killed while Spark replaced partition
 *       folders (delete, then rename). The staging folder then holds every partition not yet
 *       renamed, complete (other sources' rows included); deleting it would lose the other
 *       sources' rows of a partition already deleted and not yet renamed. So the renames are
 *       finished, the partitions registered, and the folder deleted.
 * </ul>
 */
public final class InterruptedWrites {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptedWrites.class);

  /**
   * Spark's InsertIntoHadoopFsRelationCommand stages a dynamic overwrite in the first folder, the
   * columnar writer its files in the second.
   */
  private static final List<String> STAGING_PREFIXES =
      List.of(".spark-staging-", ColumnarRateWrite.STAGING_PREFIX);
  private static final String COMPLETE = "_SUCCESS";
  /** ALTER TABLE … ADD PARTITION specs per statement. */
  private static final int ADD_BATCH = 500;

  private final SparkSession spark;
  private final String table;
  private final List<String> partitionColumns;

  /** For {@code table} ({@code database.table}) partitioned by {@code partitionColumns}. */
  public InterruptedWrites(SparkSession spark, String table, List<String> partitionColumns) {
    this.spark = spark;
    this.table = table;
    this.partitionColumns = List.copyOf(partitionColumns);
  }

  /** Finishes or removes what a killed write left under the table's location. */
  public void recover() {
    Path location = new Path(TableLocation.of(spark, table, "recover a killed write into"));
    try {
      FileSystem fs = location.getFileSystem(spark.sessionState().newHadoopConf());
      Path pending = new Path(location, "_temporary");
      if (fs.exists(pending)) {
        LOG.warn("Removing {}, left by an append that did not commit", pending);
        fs.delete(pending, true);
      }
      for (FileStatus child : fs.listStatus(location)) {
        String name = child.getPath().getName();
        if (STAGING_PREFIXES.stream().noneMatch(name::startsWith)) {
          continue;
        }
        Path staging = child.getPath();
        if (fs.exists(new Path(staging, COMPLETE))) {
          List<List<String>> moved = swap(fs, staging, location);
          LOG.warn("Finished the commit of {} partitions of {}, interrupted in {}", moved.size(),
              table, staging);
        } else {
          LOG.warn("Removing {}, left by a write killed before its commit", staging);
          fs.delete(staging, true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot recover a killed write into " + location, e);
    }
  }

  /**
   * Commits {@code staging}, a folder of complete partition folders under the table's location:
   * marks it complete (from then on a kill is finished by {@link #recover}), replaces each
   * partition of the table by its staged folder, registers them and removes the staging folder.
   * Returns the partitions replaced, by their values; none when nothing was staged.
   */
  public List<List<String>> commit(Path staging) {
    Path location = new Path(TableLocation.of(spark, table, "commit a write into"));
    try {
      FileSystem fs = location.getFileSystem(spark.sessionState().newHadoopConf());
      if (!fs.exists(staging)) {
        return List.of();
      }
      fs.create(new Path(staging, COMPLETE), false).close();
      List<List<String>> moved = swap(fs, staging, location);
      LOG.info("Committed {} partitions of {}", moved.size(), table);
      return moved;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit " + staging + " into " + location, e);
    }
  }

  /** The partition swap of a complete staging folder, its registration, then its removal. */
  private List<List<String>> swap(FileSystem fs, Path staging, Path location)
      throws IOException {
    List<List<String>> moved = finishPartitionSwap(fs, staging, location);
    addPartitions(moved);
    fs.delete(staging, true);
    return moved;
  }

  /** {@code PARTITION (snapshot_month = '…', …)} of the partition with {@code values}. */
  static String partitionSpec(List<String> partitionColumns, List<String> values) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < partitionColumns.size(); i++) {
      pairs.add(partitionColumns.get(i) + " = " + literal(values.get(i)));
    }
    return "PARTITION (" + String.join(", ", pairs) + ")";
  }

  /**
   * What Spark's HadoopMapReduceCommitProtocol#commitJob does per partition of a dynamic overwrite,
   * for the partitions the killed commit had not done: replace the table's folder by the staged.
   */
  private List<List<String>> finishPartitionSwap(FileSystem fs, Path staging, Path location)
      throws IOException {
    List<List<String>> moved = new ArrayList<>();
    for (Path staged : partitionFolders(fs, staging, 0)) {
      List<String> names = new ArrayList<>();
      for (Path folder = staged; !folder.equals(staging); folder = folder.getParent()) {
        names.add(0, folder.getName());
      }
      Path target = new Path(location, String.join("/", names));
      fs.delete(target, true);
      fs.mkdirs(target.getParent());
      if (!fs.rename(staged, target)) {
        throw new IOException("Cannot rename " + staged + " to " + target);
      }
      moved.add(names.stream().map(MonthFiles::partitionValue).toList());
    }
    return moved;
  }

  /** Folders {@code depth} levels below a partition column's {@code key=value} folders. */
  private List<Path> partitionFolders(FileSystem fs, Path dir, int depth) throws IOException {
    List<Path> folders = new ArrayList<>();
    for (FileStatus child : fs.listStatus(dir)) {
      String name = child.getPath().getName();
      if (child.isDirectory()
          && name.startsWith(partitionColumns.get(depth) + "=")) {
        if (depth == partitionColumns.size() - 1) {
          folders.add(child.getPath());
        } else {
          folders.addAll(partitionFolders(fs, child.getPath(), depth + 1));
        }
      }
    }
    return folders;
  }

  private void addPartitions(List<List<String>> partitions) {
    for (int from = 0; from < partitions.size(); from += ADD_BATCH) {
      String specs = partitions.subList(from, Math.min(partitions.size(), from + ADD_BATCH))
          .stream()
          .map(values -> partitionSpec(partitionColumns, values))
          .collect(Collectors.joining(" "));
      spark.sql("ALTER TABLE " + table + " ADD IF NOT EXISTS " + specs);
    }
    spark.catalog().refreshTable(table);
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
