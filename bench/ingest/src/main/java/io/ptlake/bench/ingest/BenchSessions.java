package io.ptlake.bench.ingest;

import io.ptlake.spark.SparkSessionFactory;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The local session of the benchmark steps that read the jobs' tables back from their folders. */
final class BenchSessions {
  private BenchSessions() {}

  static SparkSession local(Path warehouse, String appName) {
    return SparkSessionFactory.localBuilder(warehouse, "local[*]")
        .appName(appName)
        // Billing codes such as 00104 are folder names: read them as text, never as numbers.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .getOrCreate();
  }
}
