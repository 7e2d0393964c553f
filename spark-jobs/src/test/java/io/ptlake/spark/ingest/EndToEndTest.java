package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.GeneratorSpec.HeaderPlacement;
import io.ptlake.generator.GeneratorSpec.ReferencesPlacement;
import io.ptlake.generator.GeneratorSpec.Version;
import io.ptlake.generator.IntRange;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.ChunkCodec;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.TableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated files → preprocessor → this job, checked against the generator's own counts, and the
 * Parquet read back by DuckDB as a second engine (as Athena will read it).
 */
class EndToEndTest {
  private static final String TABLE = "end_to_end.rates";

  @TempDir static Path tmp;

  private static SparkSession spark;
  /** Generator counts by source uri, as the table's source_file column names them. */
  private static final Map<String, ExpectedCounts> EXPECTED = new LinkedHashMap<>();
  private static IngestReport report;

  @BeforeAll
  static void generatePreprocessIngest() throws IOException {
    spark = SharedSpark.session();
    Map<String, GeneratorSpec.Builder> files = new LinkedHashMap<>();
    files.put("v1-refs-first", spec(Version.V1, 1).references(ReferencesPlacement.FIRST)
        .duplicateReferenceFraction(0.2).gzip(true));
    files.put("v1-refs-last", spec(Version.V1, 2).references(ReferencesPlacement.LAST)
        .header(HeaderPlacement.END).scalarsAfterRatesFraction(0.5)
        .remoteReferenceFraction(0.1));
    files.put("v1-refs-absent", spec(Version.V1, 3).references(ReferencesPlacement.ABSENT));
    files.put("v2-refs-first", spec(Version.V2, 4).references(ReferencesPlacement.FIRST));
    files.put("v2-refs-last", spec(Version.V2, 5).references(ReferencesPlacement.LAST)
        .header(HeaderPlacement.END).undefinedReferenceFraction(0.1));

    List<String> dirs = new ArrayList<>();
    boolean gzipChunks = false;
    for (Map.Entry<String, GeneratorSpec.Builder> file : files.entrySet()) {
      Path source = tmp.resolve(file.getKey() + ".json");
      Path dir = tmp.resolve(file.getKey());
      EXPECTED.put(source.toString(), TicFileGenerator.write(file.getValue().build(), source));
      // Small chunks, so every chunk set spans several files; every other source gzips them.
      new Preprocessor(PreprocessConfig.builder(source.toString(), dir)
          .chunkBytes(16 * 1024)
          .chunkCodec(gzipChunks ? ChunkCodec.GZIP : ChunkCodec.NONE)
          .build()).run();
      gzipChunks = !gzipChunks;
      dirs.add(dir.toString());
    }
    report = RateExplodeJob.run(spark,
        IngestConfig.of(dirs).withTable("end_to_end", "rates")
            .withLayout(TableLayout.BILLING_CODE).withBuckets(2));
  }

  private static GeneratorSpec.Builder spec(Version version, long seed) {
    return GeneratorSpec.builder()
        .version(version)
        .seed(seed)
        .items(25)
        .ratesPerItem(IntRange.of(1, 4))
        .pricesPerRate(IntRange.of(1, 3))
        .providerReferences(40)
        .npisPerGroup(IntRange.of(0, 5));
  }

  @Test
  void writesTheGeneratorsRowCountForEverySource() {
    Map<String, Long> expected = new LinkedHashMap<>();
    EXPECTED.forEach((source, counts) -> expected.put(source, counts.expectedRows()));
    Map<String, Long> written = new LinkedHashMap<>();
    report.sources().forEach(s -> written.put(s.sourceFile(), s.writtenRows()));

    assertThat(written).isEqualTo(expected);
    assertThat(spark.table(TABLE).count()).isEqualTo(sum(expected));
  }

  @Test
  void writesTheGeneratorsRowCountForEveryBillingCode() {
    Map<String, Map<String, Long>> written = new TreeMap<>();
    for (Row row : spark.sql("SELECT source_file, billing_code, count(*) FROM " + TABLE
        + " GROUP BY source_file, billing_code").collectAsList()) {
      written.computeIfAbsent(row.getString(0), k -> new TreeMap<>())
          .put(row.getString(1), row.getLong(2));
    }
    Map<String, Map<String, Long>> expected = new TreeMap<>();
    EXPECTED.forEach((source, counts) ->
        expected.put(source, new TreeMap<>(counts.expectedRowsByBillingCode())));
    // The generator leaves out codes with no rows; so does the table.
    expected.values().forEach(byCode -> byCode.values().removeIf(rows -> rows == 0));

    assertThat(written).isEqualTo(expected);
  }

  @Test
  void isReadByDuckDbWithTheSameRowsAndExactRates() throws SQLException {
    String parquet = TableFiles.location(spark, TABLE).resolve("**/*.parquet").toString();
    Row spark = EndToEndTest.spark
        .sql("SELECT count(*), sum(negotiated_rate) FROM " + TABLE).first();

    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement();
        ResultSet rows = sql.executeQuery("SELECT count(*), sum(negotiated_rate)"
            + " FROM read_parquet('" + parquet + "', hive_partitioning = true,"
            + " hive_types = {'billing_code': VARCHAR})")) {
      rows.next();
      assertThat(rows.getLong(1)).isEqualTo(spark.getLong(0));
      assertThat(rows.getBigDecimal(2)).isEqualByComparingTo(spark.getDecimal(1));
    }
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
