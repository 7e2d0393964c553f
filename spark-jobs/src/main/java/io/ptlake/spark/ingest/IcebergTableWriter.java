package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.bucket;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code in_network_rates} as an Apache Iceberg table in the Spark catalog
 * {@value #CATALOG} (a Hadoop catalog under the local warehouse, the Glue Data Catalog on AWS):
 * partitioned by identity(snapshot_month) and identity(billing_code) or bucket(N, billing_code),
 * sorted by billing_code then npi inside each file.
 *
 * <p>Every write is one commit of one snapshot, so readers see the table before or after it and
 * never in between, and a write that fails leaves the previous snapshot current:
 *
 * <ul>
 *   <li>merge: sources new to the table are appended. When a source is already loaded for its
 *       month, the months of the load are replaced in one overwrite commit by the other sources'
 *       rows of those months (read from the snapshot the write started from) plus the new rows.
 *       The overwrite filter is on snapshot_month alone, a partition column, so Iceberg drops
 *       whole data files; a filter on source_id would fail on files that mix sources. Other
 *       months' files stay as they are.
 *   <li>append: refuses a source already loaded for the month, as the Hive writer does.
 *   <li>overwrite: replaces every row in one commit; the spec, sort order and history stay.
 * </ul>
 */
final class IcebergTableWriter implements RatesTableWriter {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergTableWriter.class);

  /**
   * Name of the Spark catalog the table lives in. Not {@code ptlake}: a catalog of the database's
   * name would take over every {@code ptlake.x} name, and the Hive-style tables beside it
   * (rejects, the normalized tables) would no longer resolve.
   */
  public static final String CATALOG = "iceberg";

  /** The Spark setting that names the catalog's implementation; unset means no Iceberg. */
  public static final String CATALOG_SETTING = "spark.sql.catalog." + CATALOG;

  private static final String BILLING_CODE = "billing_code";

  private static final String NPI = "npi";

  private final SparkSession spark;
  private final String namespace;
  private final String table;
  private final WriteMode mode;
  private final int codeBuckets;

  IcebergTableWriter(SparkSession spark, IngestConfig config) {
    this.spark = spark;
    this.namespace = CATALOG + "." + config.database();
    this.table = name(config);
    this.mode = config.mode();
    this.codeBuckets = config.codeBuckets();
  }

  /** {@code iceberg.<database>.<table>}: the name Spark SQL reads the table by. */
  static String name(IngestConfig config) {
    return CATALOG + "." + config.qualifiedTable();
  }

  @Override
  public String table() {
    return table;
  }

  @Override
  public void refuseSourcesAlreadyWritten(List<PreprocessedSource> sources) {
    requireCatalog();
    if (mode == WriteMode.APPEND) {
      HiveTableWriter.refuseAppend(table, sources, sourcesPresent(sources));
    }
  }

  @Override
  public void write(RateRows rows, List<PreprocessedSource> sources, Dataset<String> newCodes) {
    write(rows.rows(), sources, newCodes);
  }

  /** Writes {@code rows} ({@link RateRows#COLUMNS}) in one commit. */
  void write(Dataset<Row> rows, List<PreprocessedSource> sources, Dataset<String> newCodes) {
    requireCatalog();
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + namespace);
    Dataset<Row> ordered = rows.select(RateRows.COLUMNS.stream()
        .map(functions::col).toArray(Column[]::new));
    if (!exists()) {
      create(ordered);
      append(ordered);
      return;
    }
    requireSameColumns(ordered);
    switch (mode) {
      case OVERWRITE -> overwrite(ordered, lit(true));
      case APPEND -> append(ordered);
      case MERGE -> merge(ordered, sources);
    }
  }

  @Override
  public Map<String, Long> count(List<PreprocessedSource> sources) {
    // Through the table, so the count is of the committed snapshot that readers get; only the
    // sources' months are planned and only two columns read.
    return RowCountVerifier.perSource(spark.table(table)
        .where(col(ChunkReader.SNAPSHOT_MONTH).isin(SourceKeys.months(sources))), sources);
  }

  /** Keys of {@code sources} that the table already holds rows of. */
  Set<String> sourcesPresent(List<PreprocessedSource> sources) {
    if (!exists()) {
      return Set.of();
    }
    return new LinkedHashSet<>(spark.table(table)
        .where(col(ChunkReader.SNAPSHOT_MONTH).isin(SourceKeys.months(sources))
            .and(SourceKeys.column().isin(SourceKeys.keys(sources))))
        .select(SourceKeys.column())
        .distinct()
        .as(Encoders.STRING())
        .collectAsList());
  }

  /** The Iceberg table itself, for its snapshots and files. */
  Table icebergTable() {
    try {
      return Spark3Util.loadIcebergTable(spark, table);
    } catch (ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IngestException("Cannot load " + table + ": " + e.getMessage(), e);
    }
  }

  private void merge(Dataset<Row> rows, List<PreprocessedSource> sources) {
    Set<String> present = sourcesPresent(sources);
    if (present.isEmpty()) {
      append(rows);
      return;
    }
    LOG.info("Replacing the months {} of {} in one commit ({} sources already loaded)",
        List.of(SourceKeys.months(sources)), table, present.size());
    Column inMonths = col(ChunkReader.SNAPSHOT_MONTH).isin(SourceKeys.months(sources));
    Dataset<Row> others = spark.table(table)
        .where(inMonths.and(not(SourceKeys.column().isin(SourceKeys.keys(sources)))));
    overwrite(rows.unionByName(others), inMonths);
  }

  /**
   * An empty table with the partition spec and sort order, so that the first write is already
   * clustered and sorted. Created from an empty frame: Spark makes every column nullable, as the
   * rows' are.
   */
  private void create(Dataset<Row> rows) {
    Column code = codeBuckets > 0 ? bucket(codeBuckets, col(BILLING_CODE)) : col(BILLING_CODE);
    LOG.info("Creating {} partitioned by snapshot_month, {}", table,
        codeBuckets > 0 ? "bucket(" + codeBuckets + ", billing_code)" : "billing_code");
    try {
      spark.createDataFrame(List.of(), rows.schema())
          .writeTo(table)
          .using("iceberg")
          .partitionedBy(col(ChunkReader.SNAPSHOT_MONTH),
              scala.collection.JavaConverters.asScalaBuffer(List.of(code)).toSeq())
          .tableProperty("format-version", "2")
          // Rows are shuffled by partition and sorted by the sort order inside each task, so a
          // write makes about one file per partition, as the Hive writer's repartition does.
          .tableProperty("write.distribution-mode", "hash")
          .create();
    } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
      throw new IngestException("Cannot create " + table + ": " + e.getMessage(), e);
    }
    icebergTable().replaceSortOrder().asc(BILLING_CODE).asc(NPI).commit();
  }

  private void append(Dataset<Row> rows) {
    try {
      rows.writeTo(table).append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IngestException("Cannot append to " + table + ": " + e.getMessage(), e);
    }
  }

  private void overwrite(Dataset<Row> rows, Column condition) {
    try {
      rows.writeTo(table).overwrite(condition);
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IngestException("Cannot overwrite " + table + ": " + e.getMessage(), e);
    }
  }

  private boolean exists() {
    return spark.catalog().tableExists(table);
  }

  private void requireCatalog() {
    if (spark.conf().getOption(CATALOG_SETTING).isEmpty()) {
      throw new IngestException("Cannot write " + table + " because the Spark catalog '"
          + CATALOG + "' is not configured: set " + CATALOG_SETTING
          + "=org.apache.iceberg.spark.SparkCatalog and its catalog-impl or type"
          + " (glue-scripts/README.md shows the Glue and EMR settings)");
    }
  }

  private void requireSameColumns(Dataset<Row> rows) {
    List<String> existing = HiveTableWriter.columns(spark.table(table));
    List<String> written = HiveTableWriter.columns(rows);
    if (!existing.equals(written)) {
      throw new IngestException("Cannot " + mode.name().toLowerCase(Locale.ROOT)
          + " into " + table + " because its columns " + existing
          + " differ from the ones this version writes " + written
          + "; drop it or write another table");
    }
  }
}
