package io.ptlake.bench.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Which rows of ptlake's table the baseline cannot produce, counted from ptlake's table alone, and
 * whether the baseline's table holds exactly the others: an independent account of the rows the
 * blog's plain explodes and FULL OUTER join lose.
 *
 * <p>The baseline keeps a row only when it came through a provider reference whose entry has a
 * group with a non-empty npi list, so in ptlake's columns: provider_group_id not null and npi not
 * null. The rest fall into three kinds, reported separately: rows of inline provider_groups (or of
 * rates with no provider at all: provider_group_id null), rows of ids no entry defines or entries
 * without groups (provider_group_id set, no group: tin and npi null), and rows of groups with an
 * empty npi list (a group, npi null). Per billing_code, the kept ptlake rows and the baseline rows
 * must then be equal.
 *
 * <p>Usage: {@code RowComparison PTLAKE_TABLE_DIR BASELINE_TABLE_DIR WORK_DIR}; prints one JSON
 * object.
 */
public final class RowComparison {
  private RowComparison() {}

  /** The counts; {@code codesDiffering} is the number of billing codes where they disagree. */
  record Result(long ptlakeRows, long inlineOrNoProvider, long undefinedOrEmptyReference,
      long emptyNpiList, long baselineRows, long codesDiffering) {
    long predictedBaselineRows() {
      return ptlakeRows - inlineOrNoProvider - undefinedOrEmptyReference - emptyNpiList;
    }

    String toJson() {
      return String.format(Locale.ROOT, "{\"ptlake_rows\": %d, \"lost_inline_or_no_provider\": %d,"
              + " \"lost_undefined_or_empty_reference\": %d, \"lost_empty_npi_list\": %d,"
              + " \"predicted_baseline_rows\": %d, \"baseline_rows\": %d,"
              + " \"billing_codes_differing\": %d}",
          ptlakeRows, inlineOrNoProvider, undefinedOrEmptyReference, emptyNpiList,
          predictedBaselineRows(), baselineRows, codesDiffering);
    }
  }

  public static void main(String[] args) {
    SparkSession spark = BenchSessions.local(Path.of(args[2]), "row-comparison");
    try {
      System.out.println(compare(spark, args[0], args[1]).toJson());
    } finally {
      spark.stop();
    }
  }

  static Result compare(SparkSession spark, String ptlakeTableDir, String baselineTableDir) {
    Dataset<Row> ptlake = spark.read().parquet(ptlakeTableDir);
    Column inline = col("provider_group_id").isNull();
    Column referenced = col("provider_group_id").isNotNull();
    Column noGroup = referenced.and(col("npi").isNull()).and(col("tin_type").isNull());
    Column emptyNpis = referenced.and(col("npi").isNull()).and(col("tin_type").isNotNull());
    Column kept = referenced.and(col("npi").isNotNull());
    Dataset<Row> ptlakeByCode = ptlake.groupBy(col("billing_code")).agg(
        count(lit(1)).as("rows"),
        sum(when(inline, 1).otherwise(0)).as("inline"),
        sum(when(noGroup, 1).otherwise(0)).as("no_group"),
        sum(when(emptyNpis, 1).otherwise(0)).as("empty_npis"),
        sum(when(kept, 1).otherwise(0)).as("kept"));
    Dataset<Row> baselineByCode = spark.read().parquet(baselineTableDir)
        .groupBy(col("billing_code").cast("string").as("code")).agg(count(lit(1)).as("baseline"));
    Row totals = ptlakeByCode
        .join(baselineByCode, col("billing_code").equalTo(col("code")), "full_outer")
        .agg(
            sum(coalesce(col("rows"), lit(0L))),
            sum(coalesce(col("inline"), lit(0L))),
            sum(coalesce(col("no_group"), lit(0L))),
            sum(coalesce(col("empty_npis"), lit(0L))),
            sum(coalesce(col("baseline"), lit(0L))),
            sum(when(coalesce(col("kept"), lit(0L))
                .notEqual(coalesce(col("baseline"), lit(0L))), 1).otherwise(0)))
        .first();
    return new Result(totals.getLong(0), totals.getLong(1), totals.getLong(2), totals.getLong(3),
        totals.getLong(4), totals.getLong(5));
  }
}
