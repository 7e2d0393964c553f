package io.ptlake.spark.cli;

import io.ptlake.spark.SparkSessionFactory;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where a command's Spark session comes from: a local warehouse, or spark-submit's cluster. */
final class SparkOptions {
  @Option(names = "--warehouse", paramLabel = "WH",
      description = "Local warehouse folder: tables, the Derby metastore and derby.log."
          + " Required unless run by spark-submit.")
  Path warehouse;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master for a local run (default: local[*], or spark-submit's).")
  String master;

  /**
   * A command's session. Only a session the command started is stopped at its end: a caller that
   * already had one (a Glue script, a notebook, a test) keeps it.
   */
  record CommandSession(SparkSession spark, boolean started) implements AutoCloseable {
    @Override
    public void close() {
      if (started) {
        spark.stop();
      }
    }
  }

  /** Inside spark-submit without --master, the cluster's session; otherwise a local one. */
  CommandSession open(CommandSpec spec) {
    return open(spec, warehouse, master);
  }

  static CommandSession open(CommandSpec spec, Path warehouse, String master) {
    boolean existing = SparkSession.getDefaultSession().isDefined();
    return new CommandSession(session(spec, warehouse, master), !existing);
  }

  private static SparkSession session(CommandSpec spec, Path warehouse, String master) {
    if (master == null && SparkSessionFactory.configuredBySparkSubmit()) {
      return SparkSessionFactory.fromEnvironment();
    }
    if (warehouse == null) {
      throw new ParameterException(spec.commandLine(),
          "Missing option --warehouse: a local run keeps its tables and metastore there");
    }
    return SparkSessionFactory.local(warehouse, master == null ? "local[*]" : master);
  }
}
