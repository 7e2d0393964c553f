package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Two tables compared as multisets of rows, by column position, in one Spark job that reads each
 * once: what {@code left.count()}, {@code right.count()}, {@code left.exceptAll(right).count()}
 * and {@code right.exceptAll(left).count()} give in four jobs. exceptAll is itself a union of the
 * two sides tagged with a count, grouped by every column, so rows group (nulls with nulls) exactly
 * as there.
 */
record MultisetDifference(long leftRows, long rightRows, long onlyLeft, long onlyRight) {
  private static final String LEFT = "ptlake_left_copies";
  private static final String RIGHT = "ptlake_right_copies";

  static MultisetDifference of(Dataset<Row> left, Dataset<Row> right) {
    Column[] columns = Arrays.stream(left.columns()).map(name -> col("`" + name + "`"))
        .toArray(Column[]::new);
    Dataset<Row> tagged = left.select(withCounts(left, 1, 0)).union(
        right.select(withCounts(right, 0, 1)));
    Row totals = tagged.groupBy(columns)
        .agg(sum(LEFT).as(LEFT), sum(RIGHT).as(RIGHT))
        .agg(sum(LEFT), sum(RIGHT), sum(greatest(col(LEFT).minus(col(RIGHT)), lit(0L))),
            sum(greatest(col(RIGHT).minus(col(LEFT)), lit(0L))))
        .first();
    return new MultisetDifference(orZero(totals, 0), orZero(totals, 1), orZero(totals, 2),
        orZero(totals, 3));
  }

  private static Column[] withCounts(Dataset<Row> side, long left, long right) {
    Column[] columns = Arrays.copyOf(Arrays.stream(side.columns())
        .map(name -> side.col("`" + name + "`")).toArray(Column[]::new), side.columns().length + 2);
    columns[columns.length - 2] = lit(left).as(LEFT);
    columns[columns.length - 1] = lit(right).as(RIGHT);
    return columns;
  }

  /** The sum of no rows is null. */
  private static long orZero(Row row, int i) {
    return row.isNullAt(i) ? 0 : row.getLong(i);
  }
}
