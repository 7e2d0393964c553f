package io.ptlake.spark.ingest;

import io.ptlake.spark.SparkSessionFactory;
import io.ptlake.spark.cli.PtlakeCli;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ptlake ARGS} in a session whose local file system is {@link CommitHaltingFileSystem}:
 * the CLI finds this session and uses it. ARGS must name {@code --warehouse} and {@code --master}.
 */
public final class CommitHaltingIngest {
  private CommitHaltingIngest() {}

  public static void main(String[] args) {
    List<String> list = List.of(args);
    Path warehouse = Path.of(list.get(list.indexOf("--warehouse") + 1));
    String master = list.get(list.indexOf("--master") + 1);
    SparkSessionFactory.localBuilder(warehouse, master)
        .config("spark.hadoop.fs.file.impl", CommitHaltingFileSystem.class.getName())
        .getOrCreate();
    PtlakeCli.main(args);
  }
}
