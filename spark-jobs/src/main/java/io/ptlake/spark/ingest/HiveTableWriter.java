package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one source-scoped Hive-style table of the ingest (in_network_rates, and the normalized
 * rates, in_network_items and files): Parquet in the table's {@link WrittenTables.WrittenTable
 * shape}, partitioned by snapshot_month (a monthly load only adds partitions of its month) then
 * source_id or billing_code, bucketed and sorted within each partition.
 *
 * <p>Idempotence ({@link WriteMode#MERGE}) within this Hive-style layout: a source already loaded
 * for the month is replaced by rewriting the partitions it touches, old or new, with Spark's
 * dynamic partition overwrite ({@code partitionOverwriteMode=dynamic} + {@code insertInto}, which
 * works on Spark's bucketed datasource tables and may read the table it overwrites, since it
 * writes to a staging folder first): each such partition is rewritten as the other sources' rows
 * plus the reloaded ones. Partitions that held rows of the reloaded sources only and that the new
 * rows did not rewrite are dropped after the commit, so rows the new version no longer has do not
 * linger, and a run killed before its commit leaves the table as it was. Sources new to the table
 * are appended without rewriting anything.
 *
 * <p>in_network_rates in the source layout is written by ptlake's columnar writer unless
 * {@link WriterKind#SPARK} is asked for ({@link #writeColumnar}): the same partitions, replaced
 * the same way from a staging folder.
 *
 * <p>What a kill leaves ({@link InterruptedWrites}): before the job commit, only files
 * under {@code _temporary} or a staging folder, which readers skip and the next write removes.
 * During the commit, partition folders are replaced one after the other (delete, then rename; a
 * Hive-style table has no multi-partition atomicity), so readers may see some partitions old and
 * some new; the next write finishes the renames from the staging folder, which by then holds
 * every partition complete, and a rerun of the same sources gives exactly their rows. After the
 * commit and before the drops, stale partitions of the reloaded sources stay until a rerun.
 */
final class HiveTableWriter {
  private static final Logger LOG = LoggerFactory.getLogger(HiveTableWriter.class);

  private static final String MAX_CONCURRENT_WRITERS = "spark.sql.maxConcurrentOutputFileWriters";
  /** ALTER TABLE … DROP PARTITION specs per statement. */
  private static final int DROP_BATCH = 500;

  private final SparkSession spark;
  private final String table;
  private final String database;
  private final WrittenTables.WrittenTable shape;
  private final WriteMode mode;
  private final long targetFileBytes;
  private final WriterKind writer;
  /** The normalized rates table, written by the columnar write from the same records; or null. */
  private final HiveTableWriter normalizedRates;

  /**
   * The writer of {@code table} ({@code database.name}) of {@code shape}: its columns end with its
   * partition columns, which start with snapshot_month and have at most one more column; every
   * row carries snapshot_month and source_id. A second partition column other than source_id is
   * one a reloaded source shares with other sources' rows.
   */
  HiveTableWriter(SparkSession spark, String table, WrittenTables.WrittenTable shape,
      WriteMode mode) {
    this(spark, table, shape, mode, IngestConfig.DEFAULT_TARGET_FILE_BYTES, WriterKind.SPARK,
        null);
  }

  private HiveTableWriter(SparkSession spark, String table, WrittenTables.WrittenTable shape,
      WriteMode mode, long targetFileBytes, WriterKind writer, HiveTableWriter normalizedRates) {
    List<String> partitionColumns = shape.partitionColumns();
    List<String> columns = shape.columns();
    if (partitionColumns.isEmpty() || partitionColumns.size() > 2
        || !partitionColumns.get(0).equals(ChunkReader.SNAPSHOT_MONTH)
        || !columns.subList(columns.size() - partitionColumns.size(), columns.size())
            .equals(partitionColumns)) {
      throw new IllegalArgumentException("Cannot write " + table + " partitioned by "
          + partitionColumns + " with columns " + columns);
    }
    this.spark = spark;
    this.table = table;
    this.database = table.substring(0, table.indexOf('.'));
    this.shape = shape;
    this.mode = mode;
    this.targetFileBytes = targetFileBytes;
    this.writer = writer;
    this.normalizedRates = normalizedRates;
  }

  /**
   * The writer of the denormalized table {@code config.qualifiedTable()}, in its layout. The
   * columnar writer of the source layout writes the normalized rates table in the same pass when
   * the config has the normalized tables ({@link #writesNormalizedRates}).
   */
  static HiveTableWriter of(SparkSession spark, IngestConfig config) {
    boolean columnar = config.writer() == WriterKind.COLUMNAR
        && config.layout() == TableLayout.SOURCE;
    HiveTableWriter normalizedRates = columnar && config.normalized()
        ? new HiveTableWriter(spark, config.normalizedTable(WrittenTables.RATES.name()),
            WrittenTables.RATES, config.mode())
        : null;
    return new HiveTableWriter(spark, config.qualifiedTable(),
        WrittenTables.inNetworkRates(config.layout(), config.buckets()), config.mode(),
        config.targetFileBytes(), config.writer(), normalizedRates);
  }

  /** Whether {@link #write(RateRows, List, Dataset)} writes the normalized rates table too. */
  boolean writesNormalizedRates() {
    return normalizedRates != null;
  }

  /**
   * Keys ({@link PreprocessedSource#key}) of {@code sources} the table already holds rows of.
   * Reads only the partitions of the sources' months, and only their source_id column.
   */
  Set<String> sourcesPresent(List<PreprocessedSource> sources) {
    if (!spark.catalog().tableExists(table)) {
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

  /** Fails before anything is written when append mode would add a source twice. */
  void refuseSourcesAlreadyWritten(List<PreprocessedSource> sources) {
    if (mode == WriteMode.APPEND) {
      refuseAppend(table, sources, sourcesPresent(sources));
    }
  }

  /**
   * Fails when {@code table} already holds rows of some of {@code sources} ({@code present}: their
   * keys), naming those files; the one refusal of both table formats.
   */
  static void refuseAppend(String table, List<PreprocessedSource> sources, Set<String> present) {
    if (!present.isEmpty()) {
      List<String> files = sources.stream()
          .filter(source -> present.contains(source.key()))
          .map(PreprocessedSource::sourceFile)
          .sorted()
          .toList();
      throw new IngestException("Cannot append to " + table
          + " because it already holds rows of " + files + " for the same snapshot month;"
          + " use --mode merge to replace them");
    }
  }

  /**
   * Writes in_network_rates' {@code rows} for {@code sources}, as {@link #write(Dataset, List,
   * Dataset)} does. In a layout partitioned by source and bucketed, each output file gets a task
   * of its own ({@link WriteTasks}, which sizes them by the target file size): the rate records
   * are shuffled there and sorted by billing_code before the explode, and the exploded rows are
   * written in that order, by the columnar writer ({@link #writeColumnar}) or by Spark's
   * concurrent writers with one file per task, without another shuffle or sort.
   */
  void write(RateRows rows, List<PreprocessedSource> sources, Dataset<String> newCodes) {
    if (!partitionedBySource() || shape.bucketColumn() == null) {
      write(rows.rows(), sources, newCodes);
      return;
    }
    WriteTasks tasks = WriteTasks.of(sources, rows.items(), shape.bucketColumn(),
        shape.buckets(), targetFileBytes);
    LOG.info("Writing {} in {} tasks, one file each, with the {} writer", table, tasks.count(),
        writer.optionValue());
    if (writer == WriterKind.COLUMNAR) {
      writeColumnar(rows, sources, tasks);
    } else {
      write(rows.distributed(tasks, sortColumns()), sources, newCodes, true);
    }
  }

  /**
   * Writes {@code rows} (the writer's columns) for {@code sources}; {@code newCodes} holds at least
   * every value of the second partition column (billing_code) of {@code rows} (the items' codes),
   * and is not read for a table partitioned by snapshot_month only.
   */
  void write(Dataset<Row> input, List<PreprocessedSource> sources, Dataset<String> newCodes) {
    write(input, sources, newCodes, false);
  }

  /**
   * Writes {@code rows} (the writer's columns) for {@code sources} in a layout partitioned by
   * source and bucketed, already distributed one task per output file ({@link
   * WriteTasks#distribute}) and in file order there: Spark writes them as they come, without
   * another shuffle or sort.
   */
  void writeDistributed(Dataset<Row> rows, List<PreprocessedSource> sources) {
    if (!partitionedBySource() || shape.bucketColumn() == null) {
      throw new IllegalArgumentException("Cannot write " + table + " distributed: it is not"
          + " partitioned by source and bucketed");
    }
    write(rows, sources, null, true);
  }

  /** {@code distributed}: one task per output file already, rows in file order. */
  private void write(Dataset<Row> input, List<PreprocessedSource> sources,
      Dataset<String> newCodes, boolean distributed) {
    Dataset<Row> rows = inTableOrder(input);
    spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
    boolean exists = spark.catalog().tableExists(table);
    if (!exists || mode == WriteMode.OVERWRITE) {
      save(rows, SaveMode.Overwrite, distributed);
      return;
    }
    prepareExisting(rows);
    Set<String> present = mode == WriteMode.MERGE ? sourcesPresent(sources) : Set.of();
    if (present.isEmpty()) {
      save(rows, SaveMode.Append, distributed);
      return;
    }
    LOG.info("Replacing the rows of {} sources already in {}", present.size(), table);
    replace(rows, sources, present, newCodes, distributed);
  }

  /**
   * The columnar write: files staged under the table's location by the write tasks (and under
   * the normalized rates table's, when this writer has one), then each written source's partition
   * replaced by its staged folder (as a dynamic overwrite does, so {@link InterruptedWrites}
   * finishes a killed commit), and the partitions of reloaded sources that no longer have rows
   * dropped.
   */
  private void writeColumnar(RateRows rows, List<PreprocessedSource> sources, WriteTasks tasks) {
    Prepared rates = prepareColumnar(rows.rows(), sources);
    Prepared normalized = normalizedRates == null ? null
        : normalizedRates.prepareColumnar(NormalizedRows.rateColumns(spark), sources);
    List<Path> staging = ColumnarRateWrite.write(spark, rows.records(tasks), tasks, sources,
        rates.target(), normalized == null ? null : normalized.target());
    commitColumnar(staging.get(0), sources, rates.present());
    if (normalized != null) {
      normalizedRates.commitColumnar(staging.get(1), sources, normalized.present());
    }
  }

  /** What a columnar write needs of a table once it exists: its target and sources present. */
  private record Prepared(ColumnarRateWrite.Target target, Set<String> present) {}

  /**
   * Creates the table for the rows of {@code input} (or drops and creates it in overwrite mode),
   * or checks the existing one as every write does.
   */
  private Prepared prepareColumnar(Dataset<Row> input, List<PreprocessedSource> sources) {
    Dataset<Row> rows = inTableOrder(input);
    spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
    if (spark.catalog().tableExists(table) && mode == WriteMode.OVERWRITE) {
      spark.sql("DROP TABLE " + table);
    }
    if (!spark.catalog().tableExists(table)) {
      create(rows.schema());
    } else {
      prepareExisting(rows);
    }
    Set<String> present = mode == WriteMode.MERGE ? sourcesPresent(sources) : Set.of();
    StructType dataColumns = new StructType(java.util.Arrays.stream(rows.schema().fields())
        .filter(field -> !shape.partitionColumns().contains(field.name()))
        .toArray(StructField[]::new));
    return new Prepared(new ColumnarRateWrite.Target(dataColumns,
        new Path(TableLocation.of(spark, table, "write")), shape.buckets()), present);
  }

  /** Swaps the staged partitions in; drops those of reloaded sources that now have no rows. */
  private void commitColumnar(Path staging, List<PreprocessedSource> sources,
      Set<String> present) {
    Set<List<String>> written = new HashSet<>(
        new InterruptedWrites(spark, table, shape.partitionColumns()).commit(staging));
    dropPartitions(sources.stream()
        .filter(source -> present.contains(source.key()))
        .map(source -> List.of(source.snapshotMonth(), source.sourceId()))
        .filter(values -> !written.contains(values))
        .toList());
  }

  /**
   * An empty table of {@code schema} in the shape, registered as Spark's own writer would: Parquet,
   * the partition columns, the bucket spec without sort columns (the files are sorted, but Spark
   * would sort again before writing into a table that declares it).
   */
  private void create(StructType schema) {
    String buckets = shape.bucketColumn() == null ? ""
        : " CLUSTERED BY (" + shape.bucketColumn() + ") INTO " + shape.buckets() + " BUCKETS";
    spark.sql("CREATE TABLE " + table + " (" + schema.toDDL() + ") USING parquet PARTITIONED BY ("
        + String.join(", ", shape.partitionColumns()) + ")" + buckets);
  }

  /** What precedes any write into an existing table: recovery, then the refusals. */
  private void prepareExisting(Dataset<Row> rows) {
    new InterruptedWrites(spark, table, shape.partitionColumns()).recover();
    requireSamePartitioning();
    requireSameColumns(rows);
  }

  /** The table's order: the layout's partition columns last, where Spark keeps them. */
  private Dataset<Row> inTableOrder(Dataset<Row> input) {
    return input.select(shape.columns().stream().map(functions::col).toArray(Column[]::new));
  }

  private List<String> sortColumns() {
    return shape.bucketColumn() == null ? List.of() : List.of(shape.bucketColumn());
  }

  /**
   * Data files per partition (its values, in column order) of {@code months}: a partition that
   * a dynamic overwrite rewrote has other file names (they carry the write's job id) after it.
   * One recursive listing per month, which on S3 is a flat listing, not one call per partition.
   */
  private Map<List<String>, Set<String>> dataFiles(Object[] months) {
    Path location = new Path(TableLocation.of(spark, table, "list the files of"));
    Map<List<String>, Set<String>> files = new HashMap<>();
    List<String> monthValues = Stream.of(months).map(String.class::cast).toList();
    for (MonthFiles.DataFile file :
        MonthFiles.list(location, monthValues, spark.sessionState().newHadoopConf())) {
      List<String> values =
          file.partitionFolders().stream().map(MonthFiles::partitionValue).toList();
      files.computeIfAbsent(values, key -> new HashSet<>()).add(file.path().getName());
    }
    return files;
  }

  private void save(Dataset<Row> rows, SaveMode saveMode, boolean distributed) {
    DataFrameWriter<Row> out = (distributed ? rows : partitioned(rows))
        .write()
        .format("parquet")
        .mode(saveMode)
        .partitionBy(shape.partitionColumns().toArray(String[]::new));
    if (shape.bucketColumn() != null) {
      out = out.bucketBy(shape.buckets(), shape.bucketColumn());
      // Declared, Spark would sort the exploded rows again; distributed rows are in order.
      if (!distributed) {
        out = out.sortBy(shape.bucketColumn());
      }
    }
    DataFrameWriter<Row> bucketed = out;
    SessionSettings.with(spark, writeSettings(distributed), () -> bucketed.saveAsTable(table));
  }

  /**
   * Without sort columns and with concurrent writers allowed, Spark writes a task's rows as they
   * come instead of sorting them by partition and bucket first; one per task, since a distributed
   * task holds one file's rows.
   */
  private static Map<String, String> writeSettings(boolean distributed) {
    return distributed ? Map.of(MAX_CONCURRENT_WRITERS, "1") : Map.of();
  }

  private void replace(Dataset<Row> rows, List<PreprocessedSource> sources, Set<String> present,
      Dataset<String> newCodes, boolean distributed) {
    List<String> partitionColumns = shape.partitionColumns();
    Column reloaded = SourceKeys.column().isin(present.toArray());
    // The partitions the reloaded sources hold rows in, and whether they hold only theirs.
    List<Row> old = spark.table(table)
        .where(col(ChunkReader.SNAPSHOT_MONTH).isin(SourceKeys.months(sources)))
        .groupBy(partitionColumns())
        .agg(max(reloaded).as("some"), min(reloaded).as("only"))
        .where(col("some"))
        .collectAsList();
    int only = partitionColumns.size() + 1;
    List<Row> onlyReloaded = old.stream().filter(row -> row.getBoolean(only)).toList();
    Map<List<String>, Set<String>> filesBefore =
        onlyReloaded.isEmpty() ? Map.of() : dataFiles(SourceKeys.months(sources));

    Dataset<Row> merged;
    if (partitionedBySource()) {
      // Every partition holds one source: the reloaded ones are overwritten with their new rows,
      // no other source's row is read or rewritten.
      merged = distributed ? rows : partitioned(rows);
    } else {
      Column inPartitions = col(ChunkReader.SNAPSHOT_MONTH).isin(SourceKeys.months(sources));
      if (partitionColumns.size() == 2) {
        Set<String> codes = new LinkedHashSet<>();
        old.forEach(row -> codes.add(row.getString(1)));
        // Every partition a new row may land in: the codes of the new items (a small read; an
        // item without rows only costs the rewrite of a partition as it was).
        codes.addAll(newCodes.distinct().collectAsList());
        inPartitions = inPartitions.and(col(partitionColumns.get(1)).isin(codes.toArray()));
      }
      Dataset<Row> others = spark.table(table).where(inPartitions.and(not(reloaded)));
      merged = partitioned(rows.unionByName(others));
    }
    PartitionOverwrite.insertInto(inTableOrder(merged), table, writeSettings(distributed));
    if (!onlyReloaded.isEmpty()) {
      // Only now, with the new rows committed: a partition of the reloaded sources alone whose
      // files are the ones it had before was not rewritten, so the new version has no rows there.
      Map<List<String>, Set<String>> filesAfter = dataFiles(SourceKeys.months(sources));
      dropPartitions(onlyReloaded.stream().map(this::partitionValues).filter(values -> {
        Set<String> after = filesAfter.getOrDefault(values, Set.of());
        return after.isEmpty() || after.equals(filesBefore.get(values));
      }).toList());
    }
  }

  private void dropPartitions(List<List<String>> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    LOG.info("Dropping {} partitions that only the old rows of the reloaded sources held",
        partitions.size());
    for (int from = 0; from < partitions.size(); from += DROP_BATCH) {
      String specs = partitions.subList(from, Math.min(partitions.size(), from + DROP_BATCH))
          .stream()
          .map(values -> InterruptedWrites.partitionSpec(shape.partitionColumns(), values))
          .collect(Collectors.joining(", "));
      spark.sql("ALTER TABLE " + table + " DROP IF EXISTS " + specs);
    }
  }

  /** The partition values a row starts with. */
  private List<String> partitionValues(Row row) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < shape.partitionColumns().size(); i++) {
      values.add(row.getString(i));
    }
    return values;
  }

  /** A table of one layout never receives rows cut for another (docs/layouts.md). */
  private void requireSamePartitioning() {
    List<String> existing = partitionColumnsOf(spark, table);
    List<String> partitionColumns = shape.partitionColumns();
    if (!existing.equals(partitionColumns)) {
      TableLayout layout = TableLayout.of(existing);
      TableLayout wanted = TableLayout.of(partitionColumns);
      throw new IngestException("Cannot " + mode.name().toLowerCase(Locale.ROOT) + " into "
          + table + " because it is partitioned by " + existing
          + (layout == null ? "" : " (--layout " + layout.optionValue() + ")")
          + " and this ingest writes it partitioned by " + partitionColumns
          + (wanted == null ? "" : " (--layout " + wanted.optionValue() + ")")
          + "; give the table's --layout, or --mode overwrite to rebuild it in the new one");
    }
  }

  /** The partition columns of an existing table, as its catalog entry names them. */
  static List<String> partitionColumnsOf(SparkSession spark, String table) {
    try {
      return spark.catalog().listColumns(table).where("isPartition").select("name")
          .as(Encoders.STRING()).collectAsList();
    } catch (org.apache.spark.sql.AnalysisException e) {
      throw new IngestException("Cannot read the partition columns of " + table + ": "
          + e.getMessage(), e);
    }
  }

  private void requireSameColumns(Dataset<Row> rows) {
    List<String> existing = columns(spark.table(table));
    List<String> written = columns(rows);
    if (!existing.equals(written)) {
      throw new IngestException("Cannot " + mode.name().toLowerCase(Locale.ROOT)
          + " into " + table + " because its columns " + existing
          + " differ from the ones this version writes " + written
          + "; use --mode overwrite to rebuild it");
    }
  }

  static List<String> columns(Dataset<Row> rows) {
    List<String> columns = new ArrayList<>();
    for (StructField field : rows.schema().fields()) {
      columns.add(field.name() + " " + field.dataType().catalogString());
    }
    return columns;
  }

  /**
   * One task per (partition, bucket), so each gets one file per write instead of one per task that
   * happened to hold some of its rows, and a partition's buckets are written in parallel (a whole
   * source in one task would be the skew of the source layout). The bucket id is Spark's own
   * ({@code pmod(murmur3 hash, buckets)}, what {@code bucketBy} computes).
   */
  private Dataset<Row> partitioned(Dataset<Row> rows) {
    List<Column> keys = new ArrayList<>(List.of(partitionColumns()));
    if (shape.bucketColumn() != null && shape.buckets() > 1) {
      keys.add(pmod(hash(col(shape.bucketColumn())), lit(shape.buckets())));
    }
    return rows.repartition(keys.toArray(Column[]::new));
  }

  private boolean partitionedBySource() {
    List<String> partitionColumns = shape.partitionColumns();
    return partitionColumns.size() == 2 && partitionColumns.get(1).equals(ChunkReader.SOURCE_ID);
  }

  private Column[] partitionColumns() {
    return shape.partitionColumns().stream().map(functions::col).toArray(Column[]::new);
  }
}
