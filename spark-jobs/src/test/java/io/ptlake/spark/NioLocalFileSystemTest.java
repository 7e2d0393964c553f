package io.ptlake.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chmod trap of shared/STACK.md stays closed in local sessions. */
class NioLocalFileSystemTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void isTheSessionsLocalFileSystem() throws IOException {
    Configuration conf = spark.sessionState().newHadoopConf();

    assertThat(FileSystem.get(URI.create("file:///"), conf)).isInstanceOf(NioLocalFileSystem.class);
    assertThat(FileSystem.getLocal(conf)).isInstanceOf(NioLocalFileSystem.class);
  }

  /**
   * The data files of a write go through the file system alone (a table write adds a few
   * metastore checks that run {@code ls -ld}, once per table, not per file).
   */
  @Test
  void writesPartitionedParquetWithoutForkingAProcess(@TempDir Path tmp) throws IOException {
    assumeTrue(ChildProcessMeter.available(), "needs Linux /proc to see child processes");
    // The JVM's first write may look up the user's groups (a fork, cached for minutes):
    // measure a write that only repeats what every write does.
    writePartitioned(1, tmp.resolve("warm-up"));
    long before = ChildProcessMeter.childPageFaults();

    writePartitioned(3000, tmp.resolve("rates"));

    // 41 folders and 40 files: Hadoop's stock local file system forks a chmod for each.
    assertThat(ChildProcessMeter.childPageFaults() - before).isZero();
    assertThat(TableFiles.files(tmp.resolve("rates"), ".parquet")).hasSize(40);
  }

  @Test
  void writesABucketedTableWithoutChecksumFilesAndWithHadoopsPermissions() throws IOException {
    spark.sql("CREATE DATABASE IF NOT EXISTS fs_test");

    spark.range(0, 300)
        .selectExpr("id AS npi", "CAST(id % 4 AS STRING) AS billing_code")
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy("billing_code")
        .bucketBy(2, "npi")
        .saveAsTable("fs_test.checksums");

    Path table = SharedSpark.warehouse().resolve("fs_test.db/checksums");
    List<Path> parquet = TableFiles.parquetFiles(table);
    assertThat(parquet).isNotEmpty();
    assertThat(TableFiles.files(table, ".crc")).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(parquet.get(0))))
        .isEqualTo("rw-r--r--");
  }

  /** Proves the meter above: Hadoop's stock file system forks a process to set a permission. */
  @Test
  void seesTheForkOfHadoopsStockLocalFileSystem(@TempDir Path tmp) throws IOException {
    assumeTrue(ChildProcessMeter.available(), "needs Linux /proc to see child processes");
    Path file = Files.createFile(tmp.resolve("file"));
    RawLocalFileSystem stock = new RawLocalFileSystem();
    stock.initialize(URI.create("file:///"), spark.sessionState().newHadoopConf());
    long before = ChildProcessMeter.childPageFaults();

    stock.setPermission(new org.apache.hadoop.fs.Path(file.toUri()), new FsPermission("640"));

    assertThat(ChildProcessMeter.childPageFaults() - before).isPositive();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
  }

  private void writePartitioned(long rows, Path dir) {
    spark.range(0, rows)
        .selectExpr("id AS npi", "CAST(id % 40 AS STRING) AS billing_code")
        .repartition(col("billing_code"))
        .write()
        .partitionBy("billing_code")
        .parquet(dir.toString());
  }

}
