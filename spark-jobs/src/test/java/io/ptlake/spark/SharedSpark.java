package io.ptlake.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session of the test JVM: starting Spark and the Derby metastore costs ~8 s,
 * so every Spark test class shares it. Its warehouse is a fresh folder under target/.
 */
public final class SharedSpark {
  private static SparkSession session;
  private static Path warehouse;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      try {
        Files.createDirectories(Path.of("target"));
        warehouse = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "warehouse-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      session = SparkSessionFactory.localBuilder(warehouse, "local[2]")
          .config("spark.sql.shuffle.partitions", "4")
          .getOrCreate();
    }
    return session;
  }

  public static synchronized Path warehouse() {
    session();
    return warehouse;
  }
}
