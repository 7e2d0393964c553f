package io.ptlake.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The one place that builds Spark sessions, so local runs, tests and clusters agree. */
public final class SparkSessionFactory {
  /** Spark's own property: spark-submit (Glue, EMR) sets it in the driver JVM. */
  public static final String MASTER_PROPERTY = "spark.master";

  /** The Iceberg catalog setting ({@code IcebergTableWriter.CATALOG} is {@code iceberg}). */
  private static final String ICEBERG_CATALOG = "spark.sql.catalog.iceberg";

  /** Folder of the local Iceberg catalog, under the warehouse. */
  public static final String ICEBERG_WAREHOUSE = "iceberg";

  private SparkSessionFactory() {}

  /** A local session on {@code warehouse}; see {@link #localBuilder} for what it sets. */
  public static SparkSession local(Path warehouse, String master) {
    return localBuilder(warehouse, master).getOrCreate();
  }

  /**
   * The builder behind {@link #local}, for callers that add settings of their own (tests lower the
   * shuffle partitions). Everything lives under {@code warehouse}: tables, the embedded Derby
   * metastore ({@code metastore_db}) and {@code derby.log}, so a later session on the same folder
   * sees the same tables.
   */
  public static SparkSession.Builder localBuilder(Path warehouse, String master) {
    Path root = warehouse.toAbsolutePath().normalize();
    // Derby reads this once, when the metastore first boots it; without it derby.log lands in
    // whatever directory the command was started from.
    System.setProperty("derby.system.home", root.toString());
    return SparkSession.builder()
        .appName("ptlake")
        .master(master)
        .config("spark.sql.warehouse.dir", root.toUri().toString())
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + root.resolve("metastore_db") + ";create=true")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        // Spark's default of 200 shuffle partitions is sized for clusters; AQE coalesces what is
        // still too small, and a few per core keep every core busy writing.
        .config("spark.sql.shuffle.partitions",
            String.valueOf(4 * Runtime.getRuntime().availableProcessors()))
        .config("spark.sql.adaptive.enabled", "true")
        // A partitioned table's folders are listed by a Spark job of one task per folder once
        // there are more than 32: thousands of tasks for what the driver lists in a second.
        .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000")
        // Registering partitions would otherwise list every partition's files for size stats
        // that only the Derby metastore keeps: 12 s of a 80 s write of 4,211 partitions.
        .config("spark.sql.gatherFastStats", "false")
        // The chmod trap: see NioLocalFileSystem. The cache is keyed by scheme and user, not by
        // configuration, so a file system created before this session could otherwise be reused.
        .config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName())
        .config("spark.hadoop.fs.file.impl.disable.cache", "true")
        // Iceberg tables (--table-format iceberg) in a Hadoop catalog under the warehouse: the
        // catalog is only loaded when a name starts with it, so Hive-only runs pay nothing. The
        // extensions add CALL iceberg.system.… (compaction, snapshot expiry) and WRITE ORDERED BY.
        .config(ICEBERG_CATALOG, "org.apache.iceberg.spark.SparkCatalog")
        .config(ICEBERG_CATALOG + ".type", "hadoop")
        .config(ICEBERG_CATALOG + ".warehouse", root.resolve(ICEBERG_WAREHOUSE).toUri().toString())
        .config("spark.sql.extensions",
            "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .enableHiveSupport();
  }

  /**
   * The session spark-submit configured (Glue, EMR): master, warehouse and catalog (Glue Data
   * Catalog or a Hive metastore) come from the cluster, so nothing is set here but Hive support,
   * without which the catalog would be Spark's in-memory one.
   */
  public static SparkSession fromEnvironment() {
    return SparkSession.builder().appName("ptlake").enableHiveSupport().getOrCreate();
  }

  /** True inside spark-submit, where {@link #fromEnvironment} is the session to use. */
  public static boolean configuredBySparkSubmit() {
    return System.getProperty(MASTER_PROPERTY) != null;
  }
}
