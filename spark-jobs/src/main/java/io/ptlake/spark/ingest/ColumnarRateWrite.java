package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_date;

import io.ptlake.spark.parquet.ColumnarFileWriter;
import io.ptlake.spark.parquet.ParquetSettings;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate records of a source-layout write into Parquet files of ptlake's own columnar writer,
 * staged under each table's location: each Spark task explodes its records
 * ({@link RateRecordWriter}) into one in_network_rates file and, when asked, gathers them into the
 * normalized rates table's files ({@link NormalizedRateWriter}, one per bucket of that table its
 * codes fall in), each named
 * {@code .ptlake-staging-<job>/snapshot_month=…/source_id=…/part-<task>-<job>_<bucket>.c<attempt>.<codec>.parquet}
 * (Spark's bucket file name, the attempt in the file counter), and returns their names and rows.
 * A staging folder starts with a dot, so no reader lists it; the commit is the caller's
 * ({@link InterruptedWrites#commit}).
 */
final class ColumnarRateWrite {
  private static final Logger LOG = LoggerFactory.getLogger(ColumnarRateWrite.class);

  /** Prefix of the staging folder under the table's location. */
  static final String STAGING_PREFIX = ".ptlake-staging-";

  /**
   * A table the write fills: its data columns (no partition columns) in file order, its folder,
   * and its buckets by billing_code.
   */
  record Target(StructType dataColumns, Path location, int buckets) {}

  /** A file a task wrote: its table (index of its target), path below the staging folder, rows. */
  record WrittenFile(int table, String path, long rows, long bytes) implements Serializable {}

  private ColumnarRateWrite() {}

  /**
   * Writes {@code records} ({@link RateRows#records}) into a new staging folder under each
   * target's location: in_network_rates', then, when {@code normalizedRates} is not null, the
   * normalized rates table's. Returns the folders, each holding exactly the files the tasks
   * committed (a failed attempt's files are removed).
   */
  static List<Path> write(SparkSession spark, Dataset<Row> records, WriteTasks tasks,
      List<PreprocessedSource> sources, Target rates, Target normalizedRates) {
    String job = UUID.randomUUID().toString();
    List<Target> targets = normalizedRates == null ? List.of(rates)
        : List.of(rates, normalizedRates);
    List<Path> staging = targets.stream()
        .map(target -> new Path(target.location(), STAGING_PREFIX + job)).toList();
    Configuration conf = spark.sessionState().newHadoopConf();
    ParquetSettings settings = ParquetSettings.of(conf,
        spark.sessionState().conf().parquetCompressionCodec());
    List<FileShape> shapes = targets.stream()
        .map(target -> FileShape.of(spark, target, settings)).toList();
    Broadcast<SerializableConfiguration> hadoop = spark.sparkContext().broadcast(
        new SerializableConfiguration(conf),
        scala.reflect.ClassTag$.MODULE$.apply(SerializableConfiguration.class));
    TaskWriter writer = new TaskWriter(job, staging.stream().map(Path::toString).toList(),
        tasks.targets(), headers(spark, sources), shapes, settings, hadoop);
    List<WrittenFile> written;
    try {
      written = records.queryExecution().toRdd().toJavaRDD().mapPartitions(writer).collect();
    } catch (RuntimeException e) {
      staging.forEach(folder -> delete(folder, conf));
      throw e;
    }
    for (int table = 0; table < staging.size(); table++) {
      int index = table;
      List<WrittenFile> files = written.stream().filter(file -> file.table() == index).toList();
      removeUncommitted(staging.get(table), files, conf);
      LOG.info("Wrote {} rows in {} files ({} bytes) into {}",
          files.stream().mapToLong(WrittenFile::rows).sum(), files.size(),
          files.stream().mapToLong(WrittenFile::bytes).sum(), staging.get(table));
    }
    return staging;
  }

  /**
   * A table's file schema (Spark's conversion of its columns, every one optional), footer and
   * buckets, in the form a task needs: MessageType is not serializable, its text is.
   */
  private record FileShape(String schema, Map<String, String> footer, int buckets)
      implements Serializable {
    static FileShape of(SparkSession spark, Target target, ParquetSettings settings) {
      // Every column and array element optional, as the catalog's schema (from DDL) has them.
      StructType nullable = new StructType(java.util.Arrays.stream(target.dataColumns().fields())
          .map(f -> new StructField(f.name(), f.dataType() instanceof ArrayType array
              ? DataTypes.createArrayType(array.elementType(), true) : f.dataType(), true,
              f.metadata()))
          .toArray(StructField[]::new));
      MessageType schema =
          new SparkToParquetSchemaConverter(spark.sessionState().conf()).convert(nullable);
      return new FileShape(schema.toString(), Map.of(
          org.apache.spark.sql.package$.MODULE$.SPARK_VERSION_METADATA_KEY(),
          org.apache.spark.package$.MODULE$.SPARK_VERSION_SHORT(),
          org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport
              .SPARK_METADATA_KEY(), nullable.json()), target.buckets());
    }
  }

  /**
   * The header of every source by {@link PreprocessedSource#key}, computed by Spark from the same
   * expressions as its own writer's ({@link FileHeader#columns}), in one small job.
   */
  private static Map<String, SourceHeader> headers(
      SparkSession spark, List<PreprocessedSource> sources) {
    List<String> strings = FileHeader.FIELDS.stream()
        .filter(field -> !field.equals(PreprocessedSource.LAST_UPDATED_ON)).toList();
    Dataset<Row> all = null;
    for (PreprocessedSource source : sources) {
      Map<String, org.apache.spark.sql.Column> header =
          FileHeader.columns(source.manifest().header());
      List<org.apache.spark.sql.Column> columns = new ArrayList<>();
      columns.add(lit(source.key()));
      columns.add(lit(source.sourceFile()));
      strings.forEach(field -> columns.add(header.get(field)));
      columns.add(unix_date(header.get(PreprocessedSource.LAST_UPDATED_ON)));
      Dataset<Row> one =
          spark.range(1).select(columns.toArray(org.apache.spark.sql.Column[]::new));
      all = all == null ? one : all.union(one);
    }
    Map<String, SourceHeader> byKey = new HashMap<>();
    for (Row row : all.collectAsList()) {
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < strings.size(); i++) {
        if (!row.isNullAt(i + 2)) {
          values.put(strings.get(i), row.getString(i + 2));
        }
      }
      int days = strings.size() + 2;
      byKey.put(row.getString(0), new SourceHeader(row.getString(1), values,
          row.isNullAt(days) ? null : row.getInt(days)));
    }
    return byKey;
  }

  /** Files in {@code staging} that no task committed: attempts that failed or were abandoned. */
  private static void removeUncommitted(Path staging, List<WrittenFile> written,
      Configuration conf) {
    Set<String> committed = new HashSet<>();
    written.forEach(file -> committed.add(file.path()));
    try {
      FileSystem fs = staging.getFileSystem(conf);
      if (!fs.exists(staging)) {
        return;
      }
      for (FileStatus month : fs.listStatus(staging)) {
        for (FileStatus source : fs.listStatus(month.getPath())) {
          for (FileStatus file : fs.listStatus(source.getPath())) {
            String relative = month.getPath().getName() + "/" + source.getPath().getName() + "/"
                + file.getPath().getName();
            if (!committed.contains(relative)) {
              LOG.warn("Removing {}, written by a task attempt that did not commit",
                  file.getPath());
              fs.delete(file.getPath(), false);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + staging, e);
    }
  }

  static void delete(Path staging, Configuration conf) {
    try {
      staging.getFileSystem(conf).delete(staging, true);
    } catch (IOException e) {
      LOG.warn("Cannot remove {}: {}", staging, e.toString());
    }
  }

  /** What runs in each task: its records into its files. */
  private static final class TaskWriter
      implements FlatMapFunction<Iterator<InternalRow>, WrittenFile> {
    private static final long serialVersionUID = 1L;
    private static final int TASK_ORDINAL = RateRecordWriter.RECORD_COLUMNS.size();

    private final String job;
    private final List<String> staging;
    private final List<WriteTasks.Target> targets;
    private final Map<String, SourceHeader> headers;
    private final List<FileShape> shapes;
    private final ParquetSettings settings;
    private final Broadcast<SerializableConfiguration> hadoop;

    TaskWriter(String job, List<String> staging, List<WriteTasks.Target> targets,
        Map<String, SourceHeader> headers, List<FileShape> shapes, ParquetSettings settings,
        Broadcast<SerializableConfiguration> hadoop) {
      this.job = job;
      this.staging = List.copyOf(staging);
      this.targets = List.copyOf(targets);
      this.headers = Map.copyOf(headers);
      this.shapes = List.copyOf(shapes);
      this.settings = settings;
      this.hadoop = hadoop;
    }

    @Override
    public Iterator<WrittenFile> call(Iterator<InternalRow> records) throws IOException {
      if (!records.hasNext()) {
        return java.util.Collections.emptyIterator();
      }
      InternalRow first = records.next();
      int task = first.getInt(TASK_ORDINAL);
      WriteTasks.Target target = targets.get(task);
      SourceHeader header = headers.get(target.snapshotMonth() + "/" + target.sourceId());
      Configuration conf = hadoop.value().value();
      List<OpenFile> files = new ArrayList<>();
      try {
        OpenFile rates = open(0, task, target, target.bucket(), conf);
        files.add(rates);
        RateRecordWriter writer = new RateRecordWriter(rates.writer, header);
        NormalizedRateWriter normalized = shapes.size() < 2 ? null
            : new NormalizedRateWriter(bucket -> {
              OpenFile file = open(1, task, target, bucket, conf);
              files.add(file);
              return file.writer;
            }, shapes.get(1).buckets(), header.sourceFile(), target.snapshotMonth(),
                target.sourceId());
        InternalRow record = first;
        while (true) {
          writer.write(record);
          if (normalized != null) {
            normalized.write(record);
          }
          if (!records.hasNext()) {
            break;
          }
          record = records.next();
          if (record.getInt(TASK_ORDINAL) != task) {
            throw new IllegalStateException("Cannot write the records of write tasks " + task
                + " and " + record.getInt(TASK_ORDINAL) + " in one Spark task");
          }
        }
        if (normalized != null) {
          normalized.finish();
        }
        List<WrittenFile> written = new ArrayList<>();
        for (OpenFile file : files) {
          file.writer.close();
          if (file.writer.rows() == 0) {
            file.path.getFileSystem(conf).delete(file.path, false);
          } else {
            written.add(new WrittenFile(file.table, file.relative, file.writer.rows(),
                file.writer.length()));
          }
        }
        return written.iterator();
      } catch (IOException | RuntimeException e) {
        files.forEach(file -> file.writer.abort());
        throw e;
      }
    }

    private OpenFile open(int table, int task, WriteTasks.Target target, int bucket,
        Configuration conf) throws IOException {
      String relative = ExternalCatalogUtils.getPartitionPathString(
          ChunkReader.SNAPSHOT_MONTH, target.snapshotMonth()) + "/"
          + ExternalCatalogUtils.getPartitionPathString(ChunkReader.SOURCE_ID, target.sourceId())
          + "/" + String.format("part-%05d-%s_%05d.c%03d%s", task, job, bucket,
              TaskContext.get().attemptNumber(), settings.fileSuffix());
      Path path = new Path(staging.get(table), relative);
      FileShape shape = shapes.get(table);
      ColumnarFileWriter writer = new ColumnarFileWriter(HadoopOutputFile.fromPath(path, conf),
          MessageTypeParser.parseMessageType(shape.schema()), settings, conf, shape.footer());
      return new OpenFile(table, relative, path, writer);
    }
  }

  /** A file a task has open: its table, its path below and in the staging folder. */
  private record OpenFile(int table, String relative, Path path, ColumnarFileWriter writer) {}
}
