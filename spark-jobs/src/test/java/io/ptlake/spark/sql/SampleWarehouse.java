package io.ptlake.spark.sql;

import io.ptlake.generator.SampleDataSet;
import io.ptlake.generator.SampleExtras;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageProperties;
import io.ptlake.preprocess.toc.TocPreprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.catalog.LakeTables;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.IngestJob;
import io.ptlake.spark.ingest.PreprocessedFixture;
import io.ptlake.spark.ingest.RateExplodeJob;
import io.ptlake.spark.ingest.TableFormat;
import io.ptlake.spark.ingest.TableLayout;
import io.ptlake.spark.providers.ProvidersLoad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse the analyst-query tests share (AthenaQueriesTest on Spark and DuckDB,
 * TrinoQueriesTest on Trino): sample-data/ preprocessed and ingested once per test JVM, in
 * {@link #DATABASE} with {@code --layout billing_code} and the normalized tables, and in
 * {@link #BY_SOURCE} with the default {@code --layout source}. Beside the samples, the source
 * layout's load has one source whose only rate is rejected: it fills ptlake_by_source.rejects
 * without adding a row to in_network_rates, so both layouts hold the same rates and the counts
 * the generator knows for the samples still hold (one rejects pass, the load that needs it).
 * {@link #DATASET} holds, on first use, the lake the demo builds (the samples, the allowed-amounts
 * file, the table of contents, NPPES and NUCC) for the queries joining the dataset's tables.
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
  /** The demo's lake, in the default layout: every table of the dataset. */
  static final String DATASET = "ptlake_dataset";
  /** The tables only {@link #DATASET} holds; a query reading one runs there. */
  static final Set<String> DATASET_TABLES = Set.copyOf(Stream.concat(
      Stream.of(LakeTables.ALLOWED_AMOUNTS, LakeTables.PLANS, LakeTables.PLAN_FILES),
      LakeTables.REPLACED.stream()).map(table -> table.tableName(RATES)).toList());
  /** The billing code of the rejected source's only item. */
  static final String REJECTED_CODE = "R9999";

  private static SampleWarehouse instance;

  private final SparkSession spark;
  private final List<String> sampleDirs;
  private boolean icebergWritten;
  private boolean datasetWritten;

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

  /** Whether {@code query} reads a table only {@link #DATASET} holds. */
  static boolean readsDataset(AnalystQuery query) {
    return query.tables().stream().anyMatch(DATASET_TABLES::contains);
  }

  /**
   * The SQL of {@code sql}, from query {@code query}, on the database that holds its tables: the
   * queries name {@code ptlake}, the dataset's are in {@link #DATASET}.
   */
  static String onItsLake(AnalystQuery query, String sql) {
    return readsDataset(query) ? sql.replace(DATABASE + ".", DATASET + ".") : sql;
  }

  /**
   * Writes {@link #DATASET} on first use as {@code ./ptlake demo} does: the table of contents
   * preprocessed with the files it lists, the other sample files (in-network and allowed-amounts)
   * on their own, one ingest of them all, then NPPES and NUCC.
   */
  synchronized void dataset() {
    if (datasetWritten) {
      return;
    }
    Path chunks = chunkFolder();
    Path samples = ROOT.resolve("sample-data");
    Path tocOut = chunks.resolve("toc");
    Set<String> listed = new HashSet<>();
    try (Storage storage = Storage.create(StorageProperties.defaults())) {
      new TocPreprocessor(storage, PreprocessConfig::builder, 0, null)
          .run(samples.resolve(SampleExtras.TOC).toString(), tocOut.toString())
          .files().forEach(file -> listed.add(file.file().url()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot preprocess " + SampleExtras.TOC, e);
    }
    List<String> dirs = new ArrayList<>(List.of(tocOut.toString()));
    List<Path> files = new ArrayList<>(Stream.of(SampleDataSet.values())
        .map(SampleWarehouse::sampleFile).toList());
    files.add(samples.resolve(SampleExtras.ALLOWED_AMOUNTS));
    for (Path file : files) {
      if (!listed.contains(file.toString())) {
        dirs.add(preprocess(file, chunks.resolve(file.getFileName().toString())));
      }
    }
    IngestJob.run(spark, IngestConfig.of(dirs).withTable(DATASET, RATES));
    ProvidersLoad load = new ProvidersLoad(spark, DATASET);
    load.loadProviders(samples.resolve(SampleExtras.NPPES).toString());
    load.loadTaxonomies(samples.resolve(SampleExtras.TAXONOMIES).toString());
    datasetWritten = true;
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
      dirs.add(preprocess(sampleFile(sample), chunks.resolve(sample.name())));
    }
    return dirs;
  }

  private static String preprocess(Path file, Path out) {
    try {
      new Preprocessor(PreprocessConfig.builder(file.toString(), out).build()).run();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot preprocess " + file, e);
    }
    return out.toString();
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
