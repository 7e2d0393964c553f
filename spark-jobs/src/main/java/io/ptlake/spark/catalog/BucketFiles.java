package io.ptlake.spark.catalog;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bucket a Spark-written file belongs to, read from its name. Spark names a bucketed file
 * {@code part-NNNNN-<uuid>_BBBBB.c000.snappy.parquet}, BBBBB the bucket id (its
 * {@code BucketingUtils.bucketIdToString}), and reads the id back with the pattern below (its
 * {@code BucketingUtils.getBucketId}); Athena, told {@code bucketing_format=spark}, maps files to
 * buckets by that name too. A data file without such a suffix cannot be mapped to a bucket.
 */
public final class BucketFiles {
  /** Spark's {@code BucketingUtils.bucketedFileName}: digits after the last '_', before any '.'. */
  static final Pattern SPARK_BUCKET_FILE = Pattern.compile(".*_(\\d+)(?:\\..*)?$");

  private BucketFiles() {}

  public static OptionalInt bucketId(String fileName) {
    Matcher matcher = SPARK_BUCKET_FILE.matcher(fileName);
    return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
  }

  /** Readers skip names starting with '_' or '.' (_SUCCESS, .crc files); the rest are data. */
  public static boolean isDataFile(String fileName) {
    return !fileName.startsWith("_") && !fileName.startsWith(".");
  }
}
