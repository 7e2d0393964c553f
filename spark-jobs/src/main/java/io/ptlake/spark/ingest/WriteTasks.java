package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One write task per output file of a source-partitioned, bucketed write. Each (source, bucket)
 * is spread over as many files as its estimated Parquet bytes need at the target file size (at
 * least one): the estimate is the source's expected rows times {@link #PARQUET_BYTES_PER_ROW},
 * shared among its buckets by their items' negotiated_rates_count. A bucket holding a giant
 * billing code so gets several files, written by several tasks, its rate records dealt among
 * them by hash, while the other buckets keep one file each.
 *
 * <p>{@link #assign} gives each row its task's index, and {@link #distribute} sends it to the
 * shuffle partition of that index ({@link HashPartitionKeys}), so every task writes exactly one
 * file, rows in the order it sorted them, with no sort of the exploded rows and no writer held
 * open for another file.
 */
final class WriteTasks {
  /**
   * Parquet bytes per row of in_network_rates, measured on generated files (562 MB for 54 M rows):
   * header and item columns repeat and compress to almost nothing, so a row costs ~10 bytes.
   */
  static final long PARQUET_BYTES_PER_ROW = 10;

  /** The column {@link #assign} adds: the index of the row's task, 0 to {@code count() - 1}. */
  static final String TASK = "_write_task";
  private static final String BUCKET = "_bucket";
  private static final String FIRST_TASK = "_first_task";
  private static final String SPREAD = "_spread";
  private static final String RATES_COUNT = "negotiated_rates_count";

  private static final StructType PER_BUCKET = new StructType()
      .add(ChunkReader.SNAPSHOT_MONTH, DataTypes.StringType)
      .add(ChunkReader.SOURCE_ID, DataTypes.StringType)
      .add(BUCKET, DataTypes.IntegerType)
      .add(FIRST_TASK, DataTypes.IntegerType)
      .add(SPREAD, DataTypes.IntegerType);

  private static final int MAX_SPREAD = 4096;
  /** Tasks of one write; each gets a literal in the plan. */
  private static final int MAX_TASKS = 1 << 20;

  /**
   * What one task writes: a file of bucket {@code bucket} in the partition of the source
   * {@code sourceId} and month {@code snapshotMonth}.
   */
  record Target(String snapshotMonth, String sourceId, int bucket) implements java.io.Serializable {}

  /** Per (source, bucket) with items: snapshot_month, source_id, bucket, first task, spread. */
  private final List<Row> perBucket;
  private final int buckets;
  private final String bucketColumn;
  private final int count;

  private WriteTasks(List<Row> perBucket, int buckets, String bucketColumn, int count) {
    this.perBucket = perBucket;
    this.buckets = buckets;
    this.bucketColumn = bucketColumn;
    this.count = count;
  }

  /**
   * The tasks of writing {@code sources} into {@code buckets} buckets of {@code bucketColumn};
   * {@code items} are the sources' items (snapshot_month, source_id, the bucket column,
   * negotiated_rates_count), read once here to weigh the buckets.
   */
  static WriteTasks of(List<PreprocessedSource> sources, Dataset<Row> items, String bucketColumn,
      int buckets, long targetFileBytes) {
    Map<String, Long> expectedRows = new HashMap<>();
    sources.forEach(source -> expectedRows.put(source.key(), source.manifest().expectedRows()));
    // An item without a count still has its rates somewhere: weigh it as one.
    List<Row> weights = items
        .groupBy(col(ChunkReader.SNAPSHOT_MONTH), col(ChunkReader.SOURCE_ID),
            bucket(bucketColumn, buckets).as(BUCKET))
        .agg(sum(greatest(coalesce(col(RATES_COUNT), lit(1L)), lit(1L))).as("weight"))
        .orderBy(ChunkReader.SNAPSHOT_MONTH, ChunkReader.SOURCE_ID, BUCKET)
        .collectAsList();
    Map<String, Long> sourceWeights = new HashMap<>();
    weights.forEach(row -> sourceWeights.merge(key(row), row.getLong(3), Long::sum));

    List<Row> perBucket = new ArrayList<>();
    long count = 0;
    for (Row row : weights) {
      String key = key(row);
      double share = (double) row.getLong(3) / sourceWeights.get(key);
      double bytes = share * expectedRows.getOrDefault(key, 0L) * PARQUET_BYTES_PER_ROW;
      int spread = (int) Math.max(1, Math.min(MAX_SPREAD, Math.ceil(bytes / targetFileBytes)));
      perBucket.add(RowFactory.create(row.getString(0), row.getString(1), row.getInt(2),
          (int) count, spread));
      count += spread;
    }
    if (count > MAX_TASKS) {
      throw new IngestException("Cannot write " + count + " files in one ingest (at most "
          + MAX_TASKS + "): ingest fewer sources at once, or raise --target-file-size");
    }
    return new WriteTasks(List.copyOf(perBucket), buckets, bucketColumn, (int) Math.max(1, count));
  }

  /** Tasks of the write, and so files at most. */
  int count() {
    return count;
  }

  /** What each task writes, by task index. */
  List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (Row row : perBucket) {
      for (int share = 0; share < row.getInt(4); share++) {
        targets.add(new Target(row.getString(0), row.getString(1), row.getInt(2)));
      }
    }
    return targets;
  }

  /**
   * {@code rows} with {@link #TASK}, the index of the task that writes them: a function of the
   * row's source, its bucket and {@link RateRows#RECORD_HASH}.
   */
  Dataset<Row> assign(Dataset<Row> rows) {
    Dataset<Row> tasks = rows.sparkSession().createDataFrame(perBucket, PER_BUCKET);
    // A broadcast join: one lookup per row, whatever the number of sources. Inner, since every
    // row's item was weighed; the row-count check would name a source that lost rows.
    return rows.withColumn(BUCKET, bucket(bucketColumn, buckets))
        .join(broadcast(tasks),
            new String[] {ChunkReader.SNAPSHOT_MONTH, ChunkReader.SOURCE_ID, BUCKET})
        .withColumn(TASK, col(FIRST_TASK).plus(pmod(col(RateRows.RECORD_HASH), col(SPREAD))))
        .drop(BUCKET, FIRST_TASK, SPREAD);
  }

  /** Assigned {@code rows}, each task's in the shuffle partition of its index. */
  Dataset<Row> distribute(Dataset<Row> rows) {
    // element_at counts from 1.
    return assign(rows).repartition(count,
        element_at(lit(HashPartitionKeys.of(count)), col(TASK).plus(1)));
  }

  /** Spark's bucket of a value, what bucketBy computes. */
  private static Column bucket(String column, int buckets) {
    return pmod(hash(col(column)), lit(buckets));
  }

  private static String key(Row row) {
    return row.getString(0) + "/" + row.getString(1);
  }
}
