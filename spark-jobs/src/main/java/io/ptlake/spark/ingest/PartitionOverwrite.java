package io.ptlake.spark.ingest;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Spark's dynamic partition overwrite of a Hive-style table: the partitions that {@code rows} hold
 * are replaced, the others left as they are. It works on Spark's bucketed datasource tables and
 * may read the table it overwrites, because it writes to a {@code .spark-staging-*} folder first
 * and replaces the partition folders only at the job's commit ({@link InterruptedWrites} finishes
 * a commit that was killed half-way). Shared by the ingest's merge and the compaction.
 */
public final class PartitionOverwrite {
  private static final String PARTITION_OVERWRITE_MODE = "spark.sql.sources.partitionOverwriteMode";

  private PartitionOverwrite() {}

  /** Replaces the partitions of {@code table} that {@code rows} (its columns, in order) hold. */
  public static void insertInto(Dataset<Row> rows, String table) {
    // insertInto ignores the writer's partitionOverwriteMode option (the V1 insert reads the
    // table's options and the session's setting only): set the session's for this write.
    var conf = rows.sparkSession().conf();
    String previous = conf.get(PARTITION_OVERWRITE_MODE, null);
    conf.set(PARTITION_OVERWRITE_MODE, "dynamic");
    try {
      rows.write().mode(SaveMode.Overwrite).insertInto(table);
    } finally {
      if (previous == null) {
        conf.unset(PARTITION_OVERWRITE_MODE);
      } else {
        conf.set(PARTITION_OVERWRITE_MODE, previous);
      }
    }
  }
}
