package io.ptlake.spark.ingest;

import java.util.HashMap;
import java.util.Map;
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
    insertInto(rows, table, Map.of());
  }

  /** The same, with more session {@code settings} for the write. */
  static void insertInto(Dataset<Row> rows, String table, Map<String, String> settings) {
    // insertInto ignores the writer's partitionOverwriteMode option (the V1 insert reads the
    // table's options and the session's setting only): set the session's for this write.
    Map<String, String> all = new HashMap<>(settings);
    all.put(PARTITION_OVERWRITE_MODE, "dynamic");
    SessionSettings.with(rows.sparkSession(), all,
        () -> rows.write().mode(SaveMode.Overwrite).insertInto(table));
  }
}
