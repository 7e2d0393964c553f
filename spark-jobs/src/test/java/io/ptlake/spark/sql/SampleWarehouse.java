package io.ptlake.spark.sql;

import io.ptlake.generator.SampleDataSet;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.PreprocessedFixture;
import io.ptlake.spark.ingest.RateExplodeJob;
import io.ptlake.spark.ingest.TableFormat;
import io.ptlake.spark.ingest.TableLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse the analyst-query tests share (AthenaQueriesTest on Spark and DuckDB,
 * TrinoQueriesTest on Trino): sample-data/ preprocessed and ingested once per test JVM, in
 * {@link #DATABASE} with {@code --layout billing_code} and the normalized tables, and in
 * {@link #BY_SOURCE} with the default {@code --layout source}. Beside the samples, the source
 * layout's load has one source whose only rate is rejected: it fills ptlake_by_source.rejects
 * without adding a row to in_network_rates, so both layouts hold the same rates and the counts
 * the generator knows for the samples still hold (one rejects pass, the load that needs it).
 */
final class SampleWarehouse {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  /** The queries' own database: --layout billing_code, with the normalized tables. */
  static final String DATABASE = "ptlake";
  /** The same rows in the default --layout source, without the normalized tables. */
  static final String BY_SOURCE = "ptlake_by_source";
  /** The same rows as an Iceberg table, {@code iceberg.ptlake_iceberg.in_network_rates}. */
  static final String ICEBERG = "ptlake_iceberg";
  static final String RATES = "in_network_rates";
  /** The billing code of the rejected source's only item. */
  static final String REJECTED_CODE = "R9999";

  private static SampleWarehouse instance;

  private final SparkSession spark;
  private final List<String> sampleDirs;
  private boolean icebergWritten;

  private SampleWarehouse(SparkSession spark, List<String> sampleDirs) {
    this.spark = spark;
    this.sampleDirs = sampleDirs;
  }

  static synchronized SampleWarehouse get() {
    if (instance == null) {
      SparkSession spark = SharedSpark.session();
      Path chunks = chunkFolder();
      List<String> samples = preprocessSamples(chunks);
      RateExplodeJob.run(spark, IngestConfig.of(samples).withTable(DATABASE, RATES)
          .withLayout(TableLayout.BILLING_CODE)
          .withBuckets(TableLayout.BILLING_CODE.defaultBuckets()));
      List<String> withRejected = new ArrayList<>(samples);
      withRejected.add(rejectedSource().writeToNew(chunks, "rejected").toString());
      RateExplodeJob.run(spark, IngestConfig.of(withRejected).withTable(BY_SOURCE, RATES)
          .withNormalized(false));
      instance = new SampleWarehouse(spark, samples);
    }
    return instance;
  }

  SparkSession spark() {
    return spark;
  }

  /** Spark's warehouse folder: {@code <database>.db/<table>} for the Hive-style tables. */
  Path warehouse() {
    return SharedSpark.warehouse();
  }

  /**
   * Writes {@code iceberg.ptlake_iceberg.in_network_rates} from the samples on first use; returns
   * its folder. Without the rejected source: an Iceberg ingest without the normalized tables
   * creates no Hive database for its rejects table (the ingest fails on a fresh database).
   */
  synchronized Path icebergTable() {
    if (!icebergWritten) {
      RateExplodeJob.run(spark, IngestConfig.of(sampleDirs).withTable(ICEBERG, RATES)
          .withNormalized(false).withFormat(TableFormat.ICEBERG, 0));
      icebergWritten = true;
    }
    return warehouse().resolve("iceberg").resolve(ICEBERG).resolve(RATES);
  }

  static Path sampleFile(SampleDataSet sample) {
    return ROOT.resolve("sample-data").resolve(sample.fileName());
  }

  private static Path chunkFolder() {
    try {
      return Files.createTempDirectory(
          Files.createDirectories(Path.of("target").toAbsolutePath()), "sample-chunks-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a folder for the sample chunks", e);
    }
  }

  private static List<String> preprocessSamples(Path chunks) {
    List<String> dirs = new ArrayList<>();
    for (SampleDataSet sample : SampleDataSet.values()) {
      Path out = chunks.resolve(sample.name());
      try {
        new Preprocessor(PreprocessConfig.builder(sampleFile(sample).toString(), out).build())
            .run();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot preprocess " + sampleFile(sample), e);
      }
      dirs.add(out.toString());
    }
    return dirs;
  }

  /**
   * A source of one item whose only rate has a price that is not a number: the manifest counts
   * its 2 rows (2 NPIs), the ingest rejects the record and explains them as rows of a rejected
   * record.
   */
  private static PreprocessedFixture rejectedSource() {
    return PreprocessedFixture.source("file:///data/rejected-rates.json")
        .header("reporting_entity_name", "Rejected Rates Health")
        .header("last_updated_on", "2025-05-01")
        .items("{\"item\":0,\"billing_code_type\":\"HCPCS\",\"billing_code\":\"" + REJECTED_CODE
            + "\",\"description\":\"A code whose only price is not a number\"}")
        .rates("{\"item\":0,\"provider_groups\":[{\"npi\":[1111111112,1111111113],"
            + "\"tin\":{\"type\":\"ein\",\"value\":\"11-1111111\"}}],"
            + "\"negotiated_prices\":[{\"negotiated_type\":\"negotiated\","
            + "\"negotiated_rate\":\"N/A\",\"expiration_date\":\"9999-12-31\","
            + "\"billing_class\":\"professional\"}]}")
        .expectedRows(2);
  }
}
