package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.GeneratorSpec.ReferencesPlacement;
import io.ptlake.generator.GeneratorSpec.Version;
import io.ptlake.generator.IntRange;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --table-format iceberg: the same rows as the Hive-style table, source-scoped merges committed
 * as one snapshot each, and a failed write that readers never see.
 */
class IcebergTableTest {
  private static final String DATABASE = "iceberg_test";
  private static final String A = "s3://payer/a.json.gz";
  private static final String B = "s3://payer/b.json.gz";
  /** An npi no fixture uses: the failing write throws on it, inside a task. */
  private static final long POISON_NPI = 9999999999L;

  @TempDir static Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  @Test
  void holdsExactlyTheRowsOfTheHiveTableForTheSameGeneratedSources() {
    List<String> dirs = Stream.of(1, 2).map(seed -> generated(seed).toString()).toList();
    IngestConfig hive = IngestConfig.of(dirs).withTable(DATABASE, "as_hive").withNormalized(false);
    IngestReport hiveReport = RateExplodeJob.run(spark, hive);

    IngestReport icebergReport = RateExplodeJob.run(spark,
        hive.withTable(DATABASE, "as_iceberg").withFormat(TableFormat.ICEBERG, 4));

    Dataset<Row> hiveRows = spark.table(DATABASE + ".as_hive");
    Dataset<Row> icebergRows = spark.table("iceberg." + DATABASE + ".as_iceberg");
    // The row-count check read the Iceberg table and found every source's expected rows.
    assertThat(icebergReport.writtenRows()).isEqualTo(hiveReport.writtenRows()).isPositive();
    assertThat(icebergRows.count()).isEqualTo(hiveReport.writtenRows());
    assertThat(icebergRows.columns()).containsExactlyElementsOf(RateRows.COLUMNS);
    // Multisets: exceptAll keeps duplicates, so equal counts and two empty differences mean the
    // same rows the same number of times.
    // exceptAll compares by position: the Hive table's columns end with its layout's partition
    // columns (snapshot_month, source_id by default), the Iceberg table's are RateRows.COLUMNS.
    Dataset<Row> icebergAsHive = icebergRows.select(
        Stream.of(hiveRows.columns()).map(name -> col(name)).toArray(Column[]::new));
    assertThat(hiveRows.exceptAll(icebergAsHive).count()).isZero();
    assertThat(icebergAsHive.exceptAll(hiveRows).count()).isZero();
    assertThat(spark.sql("SELECT spec_id, partition FROM iceberg." + DATABASE
        + ".as_iceberg.partitions").schema().apply("partition").dataType().simpleString())
        .isEqualTo("struct<snapshot_month:string,billing_code_bucket:int>");
  }

  @Test
  void mergingTheSameSourceTwiceCommitsOneSnapshotWithTheSameRows() {
    String table = "twice";
    Path dir = dir(table + "-a", MonthlyLoadTest.twoCodes(A, "2024-05-01", "1.5"));
    load(table, dir);
    List<String> first = rows(table);
    int snapshots = snapshots(table);

    IngestReport second = load(table, dir);

    assertThat(second.writtenRows()).isEqualTo(8);
    assertThat(rows(table)).isEqualTo(first).hasSize(8);
    assertThat(snapshots(table)).isEqualTo(snapshots + 1);
  }

  @Test
  void aNewMonthOrAReloadOfOneMonthLeavesTheOtherMonthsDataFilesAsTheyWere() {
    String table = "months";
    load(table, dir(table + "-may", MonthlyLoadTest.twoCodes(A, "2024-05-01", "1.5")));
    Set<String> may = dataFiles(table, "2024-05");

    load(table, dir(table + "-june", MonthlyLoadTest.twoCodes(A, "2024-06-15", "1.5")));
    Set<String> june = dataFiles(table, "2024-06");
    assertThat(dataFiles(table, "2024-05")).isEqualTo(may);

    // May republished without code 27447, and B added: only May's files change.
    load(table, dir(table + "-may2", MonthlyLoadTest.oneCode(A, "2024-05-31")),
        dir(table + "-may-b", MonthlyLoadTest.oneCode(B, "2024-05-20")));

    assertThat(dataFiles(table, "2024-06")).isEqualTo(june);
    assertThat(dataFiles(table, "2024-05")).doesNotContainAnyElementsOf(may);
    assertThat(rows(table)).containsExactly(
        "2024-05|s3://payer/a.json.gz|99213|3333333333|7.5000000000",
        "2024-05|s3://payer/b.json.gz|99213|3333333333|7.5000000000",
        "2024-06|s3://payer/a.json.gz|27447|1111111111|1.5000000000",
        "2024-06|s3://payer/a.json.gz|27447|2222222222|1.5000000000",
        "2024-06|s3://payer/a.json.gz|99213|1111111111|0.1000000000",
        "2024-06|s3://payer/a.json.gz|99213|1111111111|0.2000000000",
        "2024-06|s3://payer/a.json.gz|99213|2222222222|0.1000000000",
        "2024-06|s3://payer/a.json.gz|99213|2222222222|0.2000000000",
        "2024-06|s3://payer/a.json.gz|99213|null|0.1000000000",
        "2024-06|s3://payer/a.json.gz|99213|null|0.2000000000");
  }

  @Test
  void aMergeThatFailsInATaskLeavesTheTableAtItsPreviousSnapshot() throws IOException {
    String table = "failed";
    Path a = dir(table + "-a", MonthlyLoadTest.twoCodes(A, "2024-05-01", "1.5"));
    Path b = dir(table + "-b", MonthlyLoadTest.oneCode(B, "2024-05-20"));
    load(table, a, b);
    List<String> before = rows(table);
    long snapshot = writer(table).icebergTable().currentSnapshot().snapshotId();

    // A reloaded with a poisoned row: the overwrite would replace the whole month, B included.
    Path poisoned = dir(table + "-a2", MonthlyLoadTest.oneCode(A, "2024-05-31")
        .rates("{\"item\":0,\"provider_groups\":[{\"npi\":[" + POISON_NPI + "]}],"
            + "\"negotiated_prices\":[{\"negotiated_rate\":1}]}"));
    List<PreprocessedSource> sources = List.of(PreprocessedSource.load(
        poisoned.toString(), new Configuration()));
    UserDefinedFunction poison = udf((UDF1<Long, Long>) npi -> {
      if (npi != null && npi == POISON_NPI) {
        throw new IllegalStateException("poisoned row");
      }
      return npi;
    }, DataTypes.LongType);
    Dataset<Row> rows = RateExplodeJob.rows(spark, sources)
        .withColumn("npi", poison.apply(col("npi")));
    IcebergTableWriter writer = writer(table);

    assertThatThrownBy(() -> writer.write(rows, sources, rows.select("billing_code")
        .as(Encoders.STRING())))
        .isInstanceOf(SparkException.class)
        .hasStackTraceContaining("poisoned row");

    assertThat(writer.icebergTable().currentSnapshot().snapshotId()).isEqualTo(snapshot);
    assertThat(rows(table)).isEqualTo(before).hasSize(9);
    // The aborted write removed the files its tasks had written: nothing left to clean up.
    Set<String> onDisk = new TreeSet<>();
    for (Path file : TableFiles.parquetFiles(Path.of(URI.create(writer.icebergTable().location()))
        .resolve("data"))) {
      onDisk.add(file.toUri().getPath());
    }
    Set<String> referenced = new TreeSet<>();
    dataFiles(table, "2024-05").forEach(file -> referenced.add(URI.create(file).getPath()));
    assertThat(onDisk).isEqualTo(referenced).hasSize(2);
  }

  @Test
  void appendRefusesASourceAlreadyLoadedAndOverwriteKeepsOnlyTheGivenSources() {
    String table = "modes";
    load(table, dir(table + "-a", MonthlyLoadTest.twoCodes(A, "2024-05-01", "1.5")));

    assertThatThrownBy(() -> RateExplodeJob.run(spark,
        config(table, dir(table + "-a2", MonthlyLoadTest.oneCode(A, "2024-05-31")))
            .withMode(WriteMode.APPEND)))
        .isInstanceOf(IngestException.class)
        .hasMessage("Cannot append to iceberg.iceberg_test.modes because it already holds rows"
            + " of [s3://payer/a.json.gz] for the same snapshot month; use --mode merge to"
            + " replace them");
    RateExplodeJob.run(spark, config(table, dir(table + "-b", MonthlyLoadTest.oneCode(
        B, "2024-06-01"))).withMode(WriteMode.OVERWRITE));

    assertThat(rows(table)).containsExactly(
        "2024-06|s3://payer/b.json.gz|99213|3333333333|7.5000000000");
  }

  private static IngestReport load(String table, Path... dirs) {
    return RateExplodeJob.run(spark, config(table, dirs));
  }

  private static IngestConfig config(String table, Path... dirs) {
    return IngestConfig.of(Stream.of(dirs).map(Path::toString).toList())
        .withTable(DATABASE, table)
        .withNormalized(false)
        .withFormat(TableFormat.ICEBERG, 0);
  }

  private static IcebergTableWriter writer(String table) {
    return new IcebergTableWriter(spark, config(table, tmp));
  }

  private static List<String> rows(String table) {
    return RowCells.sortedLines(spark.sql("SELECT snapshot_month, source_file, billing_code, npi,"
        + " negotiated_rate FROM iceberg." + DATABASE + "." + table).collectAsList());
  }

  private static int snapshots(String table) {
    return (int) spark.table("iceberg." + DATABASE + "." + table + ".snapshots").count();
  }

  /** Data files of one month in the current snapshot, from the table's metadata. */
  private static Set<String> dataFiles(String table, String month) {
    return new TreeSet<>(spark.sql("SELECT file_path FROM iceberg." + DATABASE + "." + table
            + ".data_files WHERE partition.snapshot_month = '" + month + "'")
        .as(Encoders.STRING())
        .collectAsList());
  }

  /** A small generated in-network file, preprocessed; each seed is another source. */
  private static Path generated(int seed) {
    try {
      return generatedSource(seed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path generatedSource(int seed) throws IOException {
    Path source = tmp.resolve("generated-" + seed + ".json");
    TicFileGenerator.write(GeneratorSpec.builder()
        .version(seed % 2 == 0 ? Version.V2 : Version.V1)
        .seed(seed)
        .items(30)
        .ratesPerItem(IntRange.of(1, 4))
        .pricesPerRate(IntRange.of(1, 3))
        .providerReferences(40)
        .npisPerGroup(IntRange.of(0, 5))
        .undefinedReferenceFraction(0.1)
        .references(ReferencesPlacement.FIRST)
        .build(), source);
    Path dir = tmp.resolve("generated-" + seed);
    new Preprocessor(PreprocessConfig.builder(source.toString(), dir).build()).run();
    return dir;
  }

  private static Path dir(String name, PreprocessedFixture fixture) {
    return fixture.writeToNew(tmp, name);
  }
}
