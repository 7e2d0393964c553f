package io.ptlake.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** The files of a catalog table on the local disk. */
public final class TableFiles {
  private TableFiles() {}

  public static Path location(SparkSession spark, String table) {
    String uri = spark.sql("DESCRIBE TABLE EXTENDED " + table)
        .where("col_name = 'Location'")
        .first()
        .getString(1);
    return Path.of(URI.create(uri));
  }

  public static List<Path> parquetFiles(Path dir) throws IOException {
    return files(dir, ".parquet");
  }

  /** Files under {@code dir}, at any depth, whose name ends with {@code suffix}. */
  public static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(file -> file.getFileName().toString().endsWith(suffix)).toList();
    }
  }
}
