package io.ptlake.spark.report;

import io.ptlake.spark.sql.SqlScript;
import java.io.PrintWriter;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the report's queries one after the other, each an aggregate whose few rows come back to
 * the driver, and says on stderr what runs and how long it took: on a large warehouse the
 * report is a sequence of Spark jobs, and the user sees which one is running.
 */
final class QueryRunner {
  private final SparkSession spark;
  private final TableNames tables;
  private final PrintWriter progress;
  private final List<QueryResult> results = new ArrayList<>();
  private int planned;

  QueryRunner(SparkSession spark, TableNames tables, PrintWriter progress) {
    this.spark = spark;
    this.tables = tables;
    this.progress = progress;
  }

  /** Sets how many queries the report runs in all, for the progress lines. */
  void plan(int queries) {
    planned = queries;
  }

  List<QueryResult> results() {
    return List.copyOf(results);
  }

  QueryResult run(ReportSql query, String subject, Object... parameters) {
    return runStatement(query, subject, query.statement(), parameters);
  }

  /**
   * Runs {@code statement}, the query's own or one derived from it (an {@code IN (?)} list
   * widened to as many markers as values).
   */
  QueryResult runStatement(ReportSql query, String subject, String statement,
      Object... parameters) {
    int markers = SqlScript.parameterMarkers(statement);
    if (markers != parameters.length) {
      throw new IllegalArgumentException("Cannot run " + query.path() + " with "
          + parameters.length + " parameters: its statement has " + markers + " markers");
    }
    String qualified = tables.qualify(statement);
    String id = "q" + (results.size() + 1);
    progress.printf("ptlake report: [%d/%d] %s%s ...%n", results.size() + 1,
        Math.max(planned, results.size() + 1), query.fileName(),
        subject.isEmpty() ? "" : " (" + subject + ")");
    progress.flush();
    long start = System.nanoTime();
    Dataset<Row> result = spark.sql(qualified, parameters);
    List<String> columns = Arrays.asList(result.columns());
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : result.collectAsList()) {
      List<Object> values = new ArrayList<>(row.length());
      for (int c = 0; c < row.length(); c++) {
        values.add(javaValue(row.get(c)));
      }
      rows.add(values);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    progress.printf("ptlake report:        %,d rows in %.1f s%n", rows.size(), millis / 1000.0);
    progress.flush();
    QueryResult done = new QueryResult(id, query, subject, Arrays.asList(parameters), qualified,
        columns, rows, millis);
    results.add(done);
    return done;
  }

  private static Object javaValue(Object value) {
    if (value instanceof Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    return value;
  }
}
