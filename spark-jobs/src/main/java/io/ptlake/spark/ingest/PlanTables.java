package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.ptlake.spark.ingest.IngestReport.SourceReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code plans} and {@code plan_files}: which plans a table of contents lists and which in-network
 * and allowed-amounts files serve each one, so that rates join to plans through the files'
 * source_id. A file whose header names its plan (1.x single-plan and 2.x files) is a source of
 * both too: one plan, linked to the file itself.
 *
 * <ul>
 *   <li>{@code plans}: one row per plan per source (a ToC, or a file's header) per month, keyed by
 *       {@link #planKey}: the same plan listed by a ToC and in a file's header has one key.
 *   <li>{@code plan_files}: one row per plan → file link of a ToC (each file it lists under the
 *       plan that the run handled, failed ones included with their status), or per file header.
 * </ul>
 *
 * Both are small next to the rates and partitioned by snapshot_month only, like
 * {@code in_network_items}: a merge replaces a reloaded source's rows by rewriting its month. Each
 * source's rows are reconciled with its manifest: a ToC's plans and links with the counts of its
 * toc-manifest.json, a header's with one.
 */
final class PlanTables {
  static final String PLANS = "plans";
  static final String PLAN_FILES = "plan_files";

  /** The plan fields of a ToC's reporting_plans entry and of a file header, in table order. */
  static final List<String> PLAN_FIELDS = List.of(
      "plan_name", "plan_id_type", "plan_id", "plan_market_type", "issuer_name",
      "plan_sponsor_name");

  static final List<String> PLAN_COLUMNS;
  static final List<String> PLAN_FILE_COLUMNS = List.of(
      "plan_key", "file_type", "description", "file_url", "file_source_id",
      "file_snapshot_month", "file_status", ChunkReader.SOURCE_FILE, ChunkReader.SOURCE_ID,
      ChunkReader.SNAPSHOT_MONTH);

  static {
    List<String> columns = new ArrayList<>(List.of(
        "plan_key", "reporting_entity_name", "reporting_entity_type"));
    columns.addAll(PLAN_FIELDS);
    columns.addAll(List.of("source_type", ChunkReader.SOURCE_FILE, "last_updated_on",
        ChunkReader.SOURCE_ID, ChunkReader.SNAPSHOT_MONTH));
    PLAN_COLUMNS = List.copyOf(columns);
  }

  /** What Spark reads of a toc-manifest.json: its plans and its files' links. */
  private static final StructType TOC_SCHEMA;

  /** One row per listed file: its folder and where its rows are in the lake. */
  private static final StructType FILE_KEYS = createStructType(List.of(
      createStructField("dir", StringType, false),
      createStructField("file_source_id", StringType, false),
      createStructField("file_snapshot_month", StringType, true)));

  static {
    List<StructField> plan = new ArrayList<>();
    PLAN_FIELDS.forEach(field -> plan.add(createStructField(field, StringType, true)));
    TOC_SCHEMA = createStructType(List.of(
        createStructField("plans", createArrayType(createStructType(plan)), true),
        createStructField("files", createArrayType(createStructType(List.of(
            createStructField("dir", StringType, true),
            createStructField("url", StringType, true),
            createStructField("file_type", StringType, true),
            createStructField("description", StringType, true),
            createStructField("plans", createArrayType(IntegerType), true),
            createStructField("status", StringType, true)))), true)));
  }

  /** A file header's plan fields, who lists it, and the file's lineage. */
  private static final StructType HEADER_PLANS;

  static {
    List<StructField> fields = new ArrayList<>();
    PLAN_FIELDS.forEach(field -> fields.add(createStructField(field, StringType, true)));
    for (String field : List.of("reporting_entity_name", "reporting_entity_type", "file_type",
        ChunkReader.SOURCE_FILE, "last_updated_on", ChunkReader.SOURCE_ID,
        ChunkReader.SNAPSHOT_MONTH)) {
      fields.add(createStructField(field, StringType, true));
    }
    HEADER_PLANS = createStructType(fields);
  }

  /** A source of plan rows: a ToC, or a file whose header names its plan. */
  private record PlanSource(PreprocessedSource source, TocSource toc) {
    long plans() {
      return toc == null ? 1 : toc.plans();
    }

    long links() {
      return toc == null ? 1 : toc.links();
    }
  }

  private final SparkSession spark;
  private final IngestConfig config;
  private final List<PlanSource> planSources;

  /**
   * The plans of {@code tocs} and, when {@code headers} is true, of the files of {@code sources}
   * whose header names a plan.
   */
  PlanTables(SparkSession spark, IngestConfig config, List<TocSource> tocs,
      List<PreprocessedSource> sources, boolean headers) {
    this.spark = spark;
    this.config = config;
    List<PlanSource> planSources = new ArrayList<>();
    tocs.forEach(toc -> planSources.add(new PlanSource(toc.asSource(), toc)));
    if (headers) {
      sources.stream().filter(PlanTables::namesAPlan)
          .forEach(source -> planSources.add(new PlanSource(source, null)));
    }
    this.planSources = List.copyOf(planSources);
  }

  /** Whether there is anything to write: a ToC, or a file header naming a plan. */
  boolean isEmpty() {
    return planSources.isEmpty();
  }

  /** The sources of plan rows, as the tables identify them. */
  List<PreprocessedSource> sources() {
    return planSources.stream().map(PlanSource::source).toList();
  }

  /** Fails before anything is written when append mode would add a source twice. */
  void refuseSourcesAlreadyWritten() {
    writer(WrittenTables.PLANS).refuseSourcesAlreadyWritten(sources());
    writer(WrittenTables.PLAN_FILES).refuseSourcesAlreadyWritten(sources());
  }

  /**
   * Writes both tables with the config's mode, then reconciles each source's rows.
   *
   * @param byDir the ingest's preprocessed files by folder: where a ToC's files' rows are
   * @throws RowCountMismatchException when a source's rows differ from its counts
   */
  List<IngestReport> write(Map<String, PreprocessedSource> byDir) {
    List<PreprocessedSource> sources = sources();
    Dataset<Row> plans = null;
    Dataset<Row> links = null;
    for (PlanSource planSource : planSources) {
      if (planSource.toc() != null) {
        Dataset<Row>[] rows = tocRows(planSource.toc(), byDir);
        plans = plans == null ? rows[0] : plans.unionByName(rows[0]);
        links = links == null ? rows[1] : links.unionByName(rows[1]);
      }
    }
    List<PreprocessedSource> headers = planSources.stream()
        .filter(planSource -> planSource.toc() == null).map(PlanSource::source).toList();
    if (!headers.isEmpty()) {
      Dataset<Row>[] rows = headerRows(headers);
      plans = plans == null ? rows[0] : plans.unionByName(rows[0]);
      links = links == null ? rows[1] : links.unionByName(rows[1]);
    }
    List<IngestReport> reports = new ArrayList<>();
    reports.add(write(WrittenTables.PLANS, plans, sources, PlanSource::plans));
    reports.add(write(WrittenTables.PLAN_FILES, links, sources, PlanSource::links));
    for (IngestReport report : reports) {
      RowCountVerifier.verify(report.table(), report.sources());
    }
    return reports;
  }

  private IngestReport write(WrittenTables.WrittenTable shape, Dataset<Row> rows,
      List<PreprocessedSource> sources, Function<PlanSource, Long> expected) {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    String table = config.database() + "." + shape.name();
    writer(shape).write(rows, sources, null);
    Map<String, Long> written = new RowCountVerifier(spark).count(table, sources);
    List<SourceReport> reports = new ArrayList<>();
    for (PlanSource planSource : planSources) {
      PreprocessedSource source = planSource.source();
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put(PLANS, planSource.plans());
      counts.put(PLAN_FILES, planSource.links());
      reports.add(new SourceReport(source.sourceFile(), source.sourceId(), source.snapshotMonth(),
          expected.apply(planSource), written.get(source.key()), 0, 0, 0, 0, counts));
    }
    IngestReport report = new IngestReport(table, config.mode(), startedAt, reports,
        Duration.ofNanos(System.nanoTime() - start));
    RateExplodeJob.writeRunReport(spark, spark.sessionState().newHadoopConf(), report);
    return report;
  }

  private HiveTableWriter writer(WrittenTables.WrittenTable shape) {
    return new HiveTableWriter(spark, config.database() + "." + shape.name(), shape,
        config.mode());
  }

  /**
   * The key of a plan: 32 hex digits of the SHA-256 of its identity, {@code plan_id_type} and
   * {@code plan_market_type} in lower case, {@code plan_id} and {@code plan_name} trimmed (as the
   * JSON of a struct, a missing field left out). The same plan in a ToC and in a file header, or
   * in two months, gets the same key; the issuer and sponsor names are not part of it.
   */
  static Column planKey() {
    return substring(sha2(to_json(struct(
        lower(trim(col("plan_id_type"))).as("plan_id_type"),
        trim(col("plan_id")).as("plan_id"),
        lower(trim(col("plan_market_type"))).as("plan_market_type"),
        trim(col("plan_name")).as("plan_name"))), 256), 1, 32);
  }

  /** A ToC's plans and links, read from its toc-manifest.json by Spark. */
  @SuppressWarnings("unchecked")
  private Dataset<Row>[] tocRows(TocSource toc, Map<String, PreprocessedSource> byDir) {
    Dataset<Row> manifest = spark.read().schema(TOC_SCHEMA).option("multiLine", true)
        .option("mode", "FAILFAST").json(toc.manifestPath().toString());
    Map<String, Column> tags = sourceTags(toc.asSource(), toc.header());
    Dataset<Row> indexed = manifest
        .select(posexplode(col("plans")).as(new String[] {"plan_index", "plan"}))
        .select(col("plan_index"), col("plan.*"))
        .withColumn("plan_key", planKey());
    Dataset<Row> plans = indexed
        .withColumn("source_type", lit(TocSource.FILE_TYPE))
        .withColumns(tags)
        .select(columns(PLAN_COLUMNS));

    List<Row> keys = new ArrayList<>();
    for (TocSource.TocFile file : toc.files()) {
      PreprocessedSource source = file.done() ? byDir.get(toc.dirOf(file).toString()) : null;
      keys.add(RowFactory.create(file.dir(),
          source != null ? source.sourceId() : PreprocessedSource.sourceId(file.url()),
          source != null ? source.snapshotMonth() : null));
    }
    Dataset<Row> links = manifest
        .select(explode(col("files")).as("f"))
        .select(col("f.*"), explode(col("f.plans")).as("plan_index"))
        .join(broadcast(spark.createDataFrame(keys, FILE_KEYS)), "dir")
        .join(indexed.select("plan_index", "plan_key"), "plan_index")
        .select(col("plan_key"), col("file_type"), col("description"), col("url").as("file_url"),
            col("file_source_id"), col("file_snapshot_month"), col("status").as("file_status"))
        .withColumns(tags)
        .select(columns(PLAN_FILE_COLUMNS));
    return new Dataset[] {plans, links};
  }

  /** The plans of file headers, each linked to its file: one row per source. */
  @SuppressWarnings("unchecked")
  private Dataset<Row>[] headerRows(List<PreprocessedSource> sources) {
    List<Row> rows = new ArrayList<>();
    for (PreprocessedSource source : sources) {
      Map<String, String> header = source.manifest().header();
      List<Object> values = new ArrayList<>();
      PLAN_FIELDS.forEach(field -> values.add(header.get(field)));
      values.add(header.get("reporting_entity_name"));
      values.add(header.get("reporting_entity_type"));
      values.add(source.manifest().fileType());
      values.add(source.sourceFile());
      values.add(header.get(PreprocessedSource.LAST_UPDATED_ON));
      values.add(source.sourceId());
      values.add(source.snapshotMonth());
      rows.add(RowFactory.create(values.toArray()));
    }
    Dataset<Row> headers = spark.createDataFrame(rows, HEADER_PLANS)
        .withColumn("last_updated_on", to_date(col("last_updated_on")))
        .withColumn("plan_key", planKey());
    Dataset<Row> plans = headers.withColumn("source_type", col("file_type"))
        .select(columns(PLAN_COLUMNS));
    Dataset<Row> links = headers
        .withColumn("description", lit(null).cast(StringType))
        .withColumn("file_url", col(ChunkReader.SOURCE_FILE))
        .withColumn("file_source_id", col(ChunkReader.SOURCE_ID))
        .withColumn("file_snapshot_month", col(ChunkReader.SNAPSHOT_MONTH))
        .withColumn("file_status", lit("done"))
        .select(columns(PLAN_FILE_COLUMNS));
    return new Dataset[] {plans, links};
  }

  /** The columns every row of a source repeats: who reports, where from, which month. */
  private static Map<String, Column> sourceTags(PreprocessedSource source,
      Map<String, String> header) {
    Map<String, Column> tags = new LinkedHashMap<>();
    tags.put("reporting_entity_name", lit(header.get("reporting_entity_name")).cast(StringType));
    tags.put("reporting_entity_type", lit(header.get("reporting_entity_type")).cast(StringType));
    tags.put(ChunkReader.SOURCE_FILE, lit(source.sourceFile()));
    tags.put("last_updated_on",
        to_date(lit(header.get(PreprocessedSource.LAST_UPDATED_ON)).cast(StringType)));
    tags.put(ChunkReader.SOURCE_ID, lit(source.sourceId()));
    tags.put(ChunkReader.SNAPSHOT_MONTH, lit(source.snapshotMonth()));
    return tags;
  }

  /** Whether a file's header names its plan: an id or a name. */
  private static boolean namesAPlan(PreprocessedSource source) {
    Map<String, String> header = source.manifest().header();
    return header.get("plan_id") != null || header.get("plan_name") != null;
  }

  private static Column[] columns(List<String> names) {
    return names.stream().map(functions::col).toArray(Column[]::new);
  }
}
