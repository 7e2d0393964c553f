package io.ptlake.spark.compact;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.ptlake.spark.compact.CompactReport.TableReport;
import io.ptlake.spark.ingest.InterruptedWrites;
import io.ptlake.spark.ingest.MonthFiles;
import io.ptlake.spark.ingest.PartitionOverwrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts a Hive-style table the ingest wrote (in_network_rates in either layout, the normalized
 * tables): plans from a listing ({@link CompactionPlan}), then rewrites the planned partitions'
 * rows with Spark's dynamic partition overwrite ({@link PartitionOverwrite}), one file per bucket
 * or per target size, sorted by the bucket columns then the declared sort columns, with Spark's
 * bucket file names ({@code part-NNNNN-<uuid>_BBBBB.c000.snappy.parquet}), so that Spark's and
 * Athena's bucket pruning and the readers' row-group min/max skipping hold as before.
 *
 * <p>Crash safety is the overwrite's: the rows are written to {@code .spark-staging-*} first, so a
 * run killed or failed before its job commit leaves every partition as it was (readers skip the
 * staging folder); a kill inside the commit, which replaces partition folders one by one, is
 * finished by the next write of the table, and this compaction starts with that recovery
 * ({@link InterruptedWrites}). One writer per table at a time, as for the ingest.
 */
final class TableCompactor {
  private static final Logger LOG = LoggerFactory.getLogger(TableCompactor.class);

  private static final String MONTH = "snapshot_month";
  /** Spark's folder name for a null partition value. */
  private static final String NULL_PARTITION = ExternalCatalogUtils.DEFAULT_PARTITION_NAME();
  /** Columns of the plan's partition table, joined to the rows: prefixed so no column clashes. */
  private static final String PLAN_PREFIX = "compact_plan_";
  private static final String PLAN_KEYS = PLAN_PREFIX + "keys";
  private static final String TASK_KEY = PLAN_PREFIX + "task_key";

  private final SparkSession spark;
  private final CompactConfig config;

  TableCompactor(SparkSession spark, CompactConfig config) {
    this.spark = spark;
    this.config = config;
  }

  TableReport compact(String table) {
    long started = System.nanoTime();
    TableShape shape = TableShape.of(spark, table);
    if (shape.partitionColumns().isEmpty() || !shape.partitionColumns().get(0).equals(MONTH)) {
      throw new CompactException("Cannot compact " + table + " because it is partitioned by "
          + shape.partitionColumns() + ", not by " + MONTH + " first");
    }
    if (!config.dryRun()) {
      new InterruptedWrites(spark, table, shape.partitionColumns()).recover();
    }
    Configuration conf = spark.sessionState().newHadoopConf();
    Path location = new Path(shape.location());
    List<String> months = config.months().isEmpty() ? months(location, conf) : config.months();
    List<CompactionPlan.DataFile> before = list(shape, location, months, conf);
    CompactionPlan plan = CompactionPlan.of(before, shape.bucketed() ? shape.buckets() : 0,
        config.targetFileBytes(), taskBytes(before));
    List<CompactionPlan.Partition> compacted =
        plan.partitions().stream().filter(CompactionPlan.Partition::compact).toList();
    List<CompactionPlan.DataFile> after = before;
    if (!compacted.isEmpty() && !config.dryRun()) {
      LOG.info("Compacting {} of {} partitions of {} in {} tasks", compacted.size(),
          plan.partitions().size(), table, plan.tasks());
      rewrite(shape, plan, compacted);
      after = list(shape, location, months, conf);
    }
    return new TableReport(table, "hive", plan.partitions().size(), compacted.size(),
        before.size(), after.size(), bytes(before), bytes(after), plan.plannedFiles(),
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * Bytes per task out of whole small buckets: the target, but no fewer tasks than the session
   * runs at once, so thousands of small partitions are not written by one or two tasks.
   */
  private long taskBytes(List<CompactionPlan.DataFile> files) {
    long parallelism = Math.max(1, spark.sparkContext().defaultParallelism());
    return Math.max(1, (bytes(files) + parallelism - 1) / parallelism);
  }

  private void rewrite(TableShape shape, CompactionPlan plan,
      List<CompactionPlan.Partition> compacted) {
    Dataset<Row> table = spark.table(shape.table());
    Column[] columns = Arrays.stream(table.columns()).map(name -> col(name))
        .toArray(Column[]::new);
    // Every row of a planned partition meets its partition's row of the plan (an inner join on
    // the exact values) and finds its bucket's task keys there, whatever its bucket id.
    Dataset<Row> partitions = broadcast(partitionTable(shape, plan));
    Column join = lit(true);
    for (int i = 0; i < shape.partitionColumns().size(); i++) {
      join = join.and(table.col(shape.partitionColumns().get(i)).cast(DataTypes.StringType)
          .eqNullSafe(partitions.col(PLAN_PREFIX + i)));
    }
    Column keys = element_at(col(PLAN_KEYS), bucketId(shape).plus(1));
    // A split bucket's rows are spread over its files by a hash of the whole row (maps cannot be
    // hashed); each file is still sorted, so row-group min/max skipping holds inside it.
    Column split = when(size(keys).equalTo(1), lit(0))
        .otherwise(pmod(hash(hashable(table)), size(keys)));
    // The order the writer needs (partition, bucket id, sort columns), so it adds no sort of its
    // own; a constant bucket id is left out (Spark would read an integer literal as an ordinal).
    List<Column> order = new ArrayList<>();
    shape.partitionColumns().forEach(name -> order.add(col(name)));
    if (shape.bucketed()) {
      order.add(bucketId(shape));
    }
    shape.rowOrder().forEach(name -> order.add(col(name)));
    Dataset<Row> rows = table.where(inPartitions(shape, compacted))
        .join(partitions, join)
        .withColumn(TASK_KEY, element_at(keys, split.plus(1)))
        .repartition(plan.tasks(), col(TASK_KEY))
        .sortWithinPartitions(order.toArray(Column[]::new))
        .select(columns);
    PartitionOverwrite.insertInto(rows, shape.table());
    spark.catalog().refreshTable(shape.table());
  }

  /** Spark's bucket id of a row, what {@code bucketBy} computes; 0 without buckets. */
  private static Column bucketId(TableShape shape) {
    if (!shape.bucketed()) {
      return lit(0);
    }
    Column[] bucketColumns = shape.bucketColumns().stream().map(name -> col(name))
        .toArray(Column[]::new);
    return pmod(hash(bucketColumns), lit(shape.buckets()));
  }

  /**
   * One row per partition to rewrite: its values as strings, then per bucket id (index) the task
   * keys of the bucket's files.
   */
  private Dataset<Row> partitionTable(TableShape shape, CompactionPlan plan) {
    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < shape.partitionColumns().size(); i++) {
      fields.add(DataTypes.createStructField(PLAN_PREFIX + i, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(PLAN_KEYS, DataTypes.createArrayType(
        DataTypes.createArrayType(DataTypes.IntegerType, false), false), false));
    int[] keys = plan.taskKeys();
    Map<List<String>, List<Integer[]>> byPartition = new LinkedHashMap<>();
    for (CompactionPlan.Bucket bucket : plan.buckets()) {
      byPartition.computeIfAbsent(bucket.partition(), partition -> new ArrayList<>())
          .add(bucket.tasks().stream().map(task -> keys[task]).toArray(Integer[]::new));
    }
    List<Row> rows = new ArrayList<>();
    byPartition.forEach((partition, buckets) -> {
      List<Object> values = new ArrayList<>(partitionValues(partition));
      values.add(buckets.toArray(Integer[][]::new));
      rows.add(RowFactory.create(values.toArray()));
    });
    return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
  }

  /**
   * The partitions to rewrite, for partition pruning: each partition column among its values
   * there. A superset when there are two columns; the join with the plan keeps the exact ones,
   * and a partition whose rows it drops gets no new rows, so the overwrite leaves it alone.
   */
  private static Column inPartitions(TableShape shape, List<CompactionPlan.Partition> compacted) {
    Column all = lit(true);
    for (int i = 0; i < shape.partitionColumns().size(); i++) {
      Set<String> values = new LinkedHashSet<>();
      for (CompactionPlan.Partition partition : compacted) {
        values.add(partition.values().get(i));
      }
      Column column = col(shape.partitionColumns().get(i));
      Column in = column.cast(DataTypes.StringType).isin(values.stream()
          .filter(value -> !value.equals(NULL_PARTITION)).toArray());
      if (values.contains(NULL_PARTITION)) {
        in = in.or(column.isNull());
      }
      all = all.and(in);
    }
    return all;
  }

  /** Every column a hash can take: all but maps. */
  private static Column[] hashable(Dataset<Row> table) {
    return Arrays.stream(table.schema().fields())
        .filter(field -> !(field.dataType() instanceof MapType))
        .map(field -> col(field.name()))
        .toArray(Column[]::new);
  }

  private static List<String> partitionValues(List<String> folderValues) {
    return folderValues.stream().map(value -> value.equals(NULL_PARTITION) ? null : value)
        .toList();
  }

  /** The snapshot months the table's folder holds. */
  private static List<String> months(Path location, Configuration conf) {
    List<String> months = new ArrayList<>();
    try {
      FileSystem fs = location.getFileSystem(conf);
      for (FileStatus child : fs.listStatus(location)) {
        String name = child.getPath().getName();
        if (child.isDirectory() && name.startsWith(MONTH + "=")) {
          months.add(MonthFiles.partitionValue(name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the months of " + location, e);
    }
    return months;
  }

  /** The data files of {@code months} that lie in a complete partition folder. */
  private static List<CompactionPlan.DataFile> list(TableShape shape, Path location,
      List<String> months, Configuration conf) {
    List<CompactionPlan.DataFile> files = new ArrayList<>();
    for (MonthFiles.DataFile file : MonthFiles.list(location, months, conf)) {
      if (file.partitionFolders().size() == shape.partitionColumns().size()) {
        files.add(new CompactionPlan.DataFile(
            file.partitionFolders().stream().map(MonthFiles::partitionValue).toList(),
            file.path().getName(), file.length()));
      }
    }
    return files;
  }

  private static long bytes(List<CompactionPlan.DataFile> files) {
    return files.stream().mapToLong(CompactionPlan.DataFile::bytes).sum();
  }
}
