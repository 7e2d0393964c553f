package io.ptlake.spark.ingest;

import io.ptlake.preprocess.ChunkKind;
import io.ptlake.spark.ingest.IngestReport.SourceReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preprocessed directories to the rates table: read the chunk sets, explode them by the
 * contract's row rules, write the table, then check each source's row count against its manifest.
 */
public final class RateExplodeJob {
  private static final Logger LOG = LoggerFactory.getLogger(RateExplodeJob.class);

  private RateExplodeJob() {}

  /**
   * @throws RowCountMismatchException when the table does not hold exactly the expected rows
   * @throws IngestException when a directory is not a complete preprocess output, two
   *     directories hold the same source file, or append mode meets a source already written
   */
  public static IngestReport run(SparkSession spark, IngestConfig config) {
    long start = System.nanoTime();
    // The session's Hadoop configuration, so s3a credentials and endpoints set for the job apply.
    Configuration hadoopConf = spark.sessionState().newHadoopConf();
    List<PreprocessedSource> sources = config.sourceDirs().stream()
        .map(dir -> PreprocessedSource.load(dir, hadoopConf))
        .toList();
    refuseDuplicateSources(sources);
    List<String> sourceFiles = sources.stream().map(PreprocessedSource::sourceFile).toList();

    RateTableWriter writer = new RateTableWriter(spark, config);
    writer.refuseSourcesAlreadyWritten(sourceFiles);
    LOG.info("Writing {} from {} source files", config.qualifiedTable(), sources.size());
    long writeStart = System.nanoTime();
    writer.write(rows(spark, sources));
    LOG.info("Wrote {} in {} s; checking row counts", config.qualifiedTable(), since(writeStart));

    long checkStart = System.nanoTime();
    Map<String, Long> written = new RowCountVerifier(spark).verify(config.qualifiedTable(), sources);
    LOG.info("Row counts match the manifests ({} s)", since(checkStart));
    List<SourceReport> reports = sources.stream()
        .map(source -> new SourceReport(
            source.sourceFile(),
            source.manifest().expectedRows(),
            written.get(source.sourceFile()),
            source.undefinedReferenceIds()))
        .toList();
    return new IngestReport(
        config.qualifiedTable(), reports, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The table's rows for {@code sources}, not yet written. */
  static Dataset<Row> rows(SparkSession spark, List<PreprocessedSource> sources) {
    ChunkReader reader = new ChunkReader(spark);
    return RateRows.of(
        reader.readAll(sources, ChunkKind.RATES),
        reader.readAll(sources, ChunkKind.PROVIDER_REFERENCES),
        reader.readItemsWithHeader(sources));
  }

  private static long since(long nanoTime) {
    return Duration.ofNanos(System.nanoTime() - nanoTime).toSeconds();
  }

  /** The table tells sources apart by source_file alone; two dirs of one file would double it. */
  private static void refuseDuplicateSources(List<PreprocessedSource> sources) {
    Map<String, PreprocessedSource> seen = new HashMap<>();
    for (PreprocessedSource source : sources) {
      PreprocessedSource first = seen.putIfAbsent(source.sourceFile(), source);
      if (first != null) {
        throw new IngestException("Cannot ingest " + source.sourceFile()
            + " twice: both " + first.dir() + " and " + source.dir() + " hold it");
      }
    }
  }
}
