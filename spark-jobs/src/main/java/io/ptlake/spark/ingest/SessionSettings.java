package io.ptlake.spark.ingest;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Session settings for one write: some of Spark's write behaviour (partition overwrite mode,
 * concurrent writers) is read from the session only, not from the writer's options.
 */
final class SessionSettings {
  private SessionSettings() {}

  /** Runs {@code write} with {@code settings} in the session, then restores what was there. */
  static void with(SparkSession spark, Map<String, String> settings, Runnable write) {
    RuntimeConfig conf = spark.conf();
    Map<String, String> previous = new HashMap<>();
    settings.keySet().forEach(key -> previous.put(key, conf.get(key, null)));
    settings.forEach(conf::set);
    try {
      write.run();
    } finally {
      previous.forEach((key, value) -> {
        if (value == null) {
          conf.unset(key);
        } else {
          conf.set(key, value);
        }
      });
    }
  }
}
