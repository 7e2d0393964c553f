package io.ptlake.spark.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.SampleDataSet;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.TableLayout;
import io.ptlake.spark.ingest.RateExplodeJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.BucketingUtils;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * What Athena needs of the files ptlake's ingest writes, checked on a real ingest with 4 buckets:
 * every data file is named {@code part-NNNNN-<uuid>_BBBBB.c000.snappy.parquet}, its bucket id
 * BBBBB is the one Spark itself reads back, every row in it hashes to that bucket with Spark's
 * Murmur3 (what Athena computes with bucketing_format=spark), and the catalog columns match the
 * Spark table's schema.
 */
class BucketFileNamesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final String TABLE = "ptlake.bucket_file_names";
  private static final int BUCKETS = 4;
  private static final Pattern SPARK_BUCKET_FILE_NAME =
      Pattern.compile("part-\\d{5}-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}_\\d{5}\\.c000\\.snappy\\.parquet");

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static Path location;

  @BeforeAll
  static void ingestOneSampleWithFourBuckets() {
    spark = SharedSpark.session();
    SampleDataSet sample = SampleDataSet.V2_PRETTY;
    Path out = tmp.resolve(sample.name());
    try {
      new Preprocessor(PreprocessConfig.builder(
          ROOT.resolve("sample-data").resolve(sample.fileName()).toString(), out).build()).run();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot preprocess the sample " + sample, e);
    }
    RateExplodeJob.run(spark, IngestConfig.of(List.of(out.toString()))
        .withTable("ptlake", "bucket_file_names").withLayout(TableLayout.BILLING_CODE)
        .withBuckets(BUCKETS));
    location = TableFiles.location(spark, TABLE);
  }

  @Test
  void everyDataFileCarriesSparksBucketIdAndHoldsOnlyThatBucketsRows() throws IOException {
    List<Path> files = TableFiles.parquetFiles(location);
    assertThat(files).isNotEmpty();

    // One Spark job over the whole table: the bucket each row hashes to, by file.
    Map<String, List<Integer>> bucketsByFile = new TreeMap<>();
    for (Row row : spark.read().parquet(location.toString())
        .select(input_file_name().as("file"),
            pmod(hash(col(RatesTable.BUCKET_COLUMN)), lit(BUCKETS)).as("bucket"))
        .distinct().collectAsList()) {
      bucketsByFile.computeIfAbsent(partitionAndName(row.getString(0)), key -> new ArrayList<>()).add(row.getInt(1));
    }

    assertThat(bucketsByFile.keySet())
        .containsExactlyInAnyOrderElementsOf(
            files.stream().map(file -> partitionAndName(file.toUri().toString())).toList());
    for (Path file : files) {
      String name = file.getFileName().toString();
      assertThat(name).matches(SPARK_BUCKET_FILE_NAME);
      int bucket = BucketFiles.bucketId(name).orElseThrow();
      assertThat(BucketingUtils.getBucketId(name).get()).as(name).isEqualTo(bucket);
      assertThat(bucket).isBetween(0, BUCKETS - 1);
      assertThat(bucketsByFile.get(partitionAndName(file.toUri().toString()))).as("buckets of the rows in %s", name)
          .containsExactly(bucket);
    }
  }

  /**
   * {@code snapshot_month=M/billing_code=X/part-...parquet}: file names repeat across partitions.
   */
  private static String partitionAndName(String uri) {
    String[] segments = uri.split("/");
    return String.join("/", List.of(segments).subList(segments.length - 3, segments.length));
  }

  @Test
  void theListingFindsEveryPartitionAndNoFileWithoutBucketId() {
    TableListing listing = TableListing.local(location, location.toUri().toString(),
        RatesTable.PARTITION_COLUMNS);
    List<List<String>> written = spark.table(TABLE)
        .select(RatesTable.SNAPSHOT_MONTH, RatesTable.BILLING_CODE).distinct().collectAsList()
        .stream().map(row -> List.of(row.getString(0), row.getString(1))).toList();

    assertThat(listing.partitions()).extracting(TablePartition::values)
        .containsExactlyInAnyOrderElementsOf(written);
    assertThat(listing.partitions()).allSatisfy(partition -> assertThat(partition.location())
        .startsWith(TableListing.catalogLocation(location.toUri().toString())
            + "/snapshot_month=" + partition.values().get(0) + "/billing_code="));
    assertThat(listing.filesWithoutBucketId()).isEmpty();
    assertThat(listing.maxBucketId()).isBetween(0, BUCKETS - 1);
  }

  @Test
  void catalogColumnsHaveTheSparkTablesNamesOrderAndTypes() {
    List<StructField> fields = List.of(spark.table(TABLE).schema().fields());
    List<String> sparkColumns = fields.stream()
        .map(field -> field.name() + " " + field.dataType().catalogString()).toList();
    List<String> catalogColumns = java.util.stream.Stream.concat(
            RatesTable.COLUMNS.stream(), RatesTable.PARTITION_KEYS.stream())
        .map(column -> column.name() + " " + column.type()).toList();

    assertThat(catalogColumns).containsExactlyElementsOf(sparkColumns);
    assertThat(RatesTable.COLUMNS).extracting(Column::name)
        .doesNotContainAnyElementsOf(RatesTable.PARTITION_COLUMNS);
    assertThat(RatesTable.PARTITION_KEYS).extracting(Column::name)
        .containsExactly("snapshot_month", "billing_code");
  }

  /**
   * The normalized tables, as this ingest wrote them beside the rates table: the catalog's
   * columns (data then partition keys) are the Spark table's names, order and types, and the
   * listing of each table's folder finds exactly the partitions Spark holds. The sample has no
   * reject, so no rejects folder was written and catalog register would skip it (RejectsTest
   * compares the rejects columns with a table that has rejects).
   */
  @Test
  void theTablesBesideTheRatesTableHaveTheCatalogsColumnsAndPartitions() {
    List<String> checked = new ArrayList<>();
    for (LakeTables.LakeTable table : LakeTables.BESIDE_RATES) {
      // The normalized ones: the rates job writes them (the other tables' tests check theirs).
      if (!table.written().normalized()) {
        continue;
      }
      String name = "ptlake." + table.tableName("bucket_file_names");
      List<String> sparkColumns = List.of(spark.table(name).schema().fields()).stream()
          .map(field -> field.name() + " " + field.dataType().catalogString()).toList();
      List<String> catalogColumns = java.util.stream.Stream.concat(
              table.columns().stream(), table.partitionKeys().stream())
          .map(column -> column.name() + " " + column.type()).toList();
      assertThat(catalogColumns).as(name).containsExactlyElementsOf(sparkColumns);

      Path folder = TableFiles.location(spark, name);
      TableListing listing = TableListing.local(folder, folder.toUri().toString(),
          table.written().partitionColumns());
      List<String> keys = table.written().partitionColumns();
      List<List<String>> written = keys.isEmpty() ? List.of() : spark.table(name)
          .selectExpr(keys.toArray(String[]::new)).distinct().collectAsList().stream()
          .map(row -> keys.stream().map(row::<String>getAs).toList()).toList();
      assertThat(listing.exists()).as(name).isTrue();
      assertThat(listing.partitions()).as(name).extracting(TablePartition::values)
          .containsExactlyInAnyOrderElementsOf(written);
      checked.add(name);
    }
    assertThat(checked).containsExactly("ptlake.bucket_file_names_rates",
        "ptlake.bucket_file_names_provider_groups", "ptlake.bucket_file_names_in_network_items",
        "ptlake.bucket_file_names_files");
    Path rejects = location.getParent().resolve(LakeTables.REJECTS.tableName("bucket_file_names"));
    assertThat(TableListing.local(rejects, rejects.toUri().toString(),
        LakeTables.REJECTS.written().partitionColumns()).exists()).isFalse();
  }
}
