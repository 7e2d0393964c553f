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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate records of a source-layout write into Parquet files of ptlake's own columnar writer,
 * staged under the table's location: each Spark task explodes its records
 * ({@link RateRecordWriter}) into one file,
 * {@code .ptlake-staging-<job>/snapshot_month=…/source_id=…/part-<task>-<job>_<bucket>.c<attempt>.<codec>.parquet}
 * (Spark's bucket file name, the attempt in the file counter), and returns its name and rows. The
 * staging folder starts with a dot, so no reader lists it; the commit is the caller's
 * ({@link StagedPartitions}).
 */
final class ColumnarRateWrite {
  private static final Logger LOG = LoggerFactory.getLogger(ColumnarRateWrite.class);

  /** Prefix of the staging folder under the table's location. */
  static final String STAGING_PREFIX = ".ptlake-staging-";

  /** A file a task wrote: its path below the staging folder, rows and bytes. */
  record WrittenFile(String path, long rows, long bytes) implements Serializable {}

  private ColumnarRateWrite() {}

  /**
   * Writes {@code records} ({@link RateRows#records}) into a new staging folder under
   * {@code tableLocation} and returns that folder, holding exactly the files the tasks committed
   * (a failed attempt's file is removed). {@code dataSchema} is the table's columns without the
   * partition columns, in file order.
   */
  static Path write(SparkSession spark, Dataset<Row> records, WriteTasks tasks,
      List<PreprocessedSource> sources, StructType dataSchema, Path tableLocation) {
    String job = UUID.randomUUID().toString();
    Path staging = new Path(tableLocation, STAGING_PREFIX + job);
    Configuration conf = spark.sessionState().newHadoopConf();
    ParquetSettings settings = ParquetSettings.of(conf,
        spark.sessionState().conf().parquetCompressionCodec());
    StructType nullable = new StructType(java.util.Arrays.stream(dataSchema.fields())
        .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata()))
        .toArray(StructField[]::new));
    MessageType schema =
        new SparkToParquetSchemaConverter(spark.sessionState().conf()).convert(nullable);
    Map<String, String> footer = Map.of(
        org.apache.spark.sql.package$.MODULE$.SPARK_VERSION_METADATA_KEY(),
        org.apache.spark.package$.MODULE$.SPARK_VERSION_SHORT(),
        org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport
            .SPARK_METADATA_KEY(), nullable.json());
    Broadcast<SerializableConfiguration> hadoop = spark.sparkContext().broadcast(
        new SerializableConfiguration(conf),
        scala.reflect.ClassTag$.MODULE$.apply(SerializableConfiguration.class));
    TaskWriter writer = new TaskWriter(job, staging.toString(), tasks.targets(),
        headers(spark, sources), schema.toString(), settings, footer, hadoop);
    List<WrittenFile> written;
    try {
      written = records.queryExecution().toRdd().toJavaRDD().mapPartitions(writer).collect();
    } catch (RuntimeException e) {
      delete(staging, conf);
      throw e;
    }
    removeUncommitted(staging, written, conf);
    long rows = written.stream().mapToLong(WrittenFile::rows).sum();
    long bytes = written.stream().mapToLong(WrittenFile::bytes).sum();
    LOG.info("Wrote {} rows in {} files ({} bytes) into {}", rows, written.size(), bytes, staging);
    return staging;
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

  /** What runs in each task: its records into one file. */
  private static final class TaskWriter
      implements FlatMapFunction<Iterator<InternalRow>, WrittenFile> {
    private static final long serialVersionUID = 1L;
    private static final int TASK_ORDINAL = RateRecordWriter.RECORD_COLUMNS.size();

    private final String job;
    private final String staging;
    private final List<WriteTasks.Target> targets;
    private final Map<String, SourceHeader> headers;
    private final String schema;
    private final ParquetSettings settings;
    private final Map<String, String> footer;
    private final Broadcast<SerializableConfiguration> hadoop;

    TaskWriter(String job, String staging, List<WriteTasks.Target> targets,
        Map<String, SourceHeader> headers, String schema, ParquetSettings settings,
        Map<String, String> footer, Broadcast<SerializableConfiguration> hadoop) {
      this.job = job;
      this.staging = staging;
      this.targets = List.copyOf(targets);
      this.headers = Map.copyOf(headers);
      this.schema = schema;
      this.settings = settings;
      this.footer = Map.copyOf(footer);
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
      String relative = ExternalCatalogUtils.getPartitionPathString(
          ChunkReader.SNAPSHOT_MONTH, target.snapshotMonth()) + "/"
          + ExternalCatalogUtils.getPartitionPathString(ChunkReader.SOURCE_ID, target.sourceId())
          + "/" + String.format("part-%05d-%s_%05d.c%03d%s", task, job, target.bucket(),
              TaskContext.get().attemptNumber(), settings.fileSuffix());
      Configuration conf = hadoop.value().value();
      Path path = new Path(staging, relative);
      MessageType fileSchema = MessageTypeParser.parseMessageType(schema);
      long rows;
      long bytes;
      try (ColumnarFileWriter file = new ColumnarFileWriter(HadoopOutputFile.fromPath(path, conf),
          fileSchema, settings, conf, footer)) {
        RateRecordWriter writer = new RateRecordWriter(file,
            headers.get(target.snapshotMonth() + "/" + target.sourceId()));
        writer.write(first);
        while (records.hasNext()) {
          InternalRow record = records.next();
          if (record.getInt(TASK_ORDINAL) != task) {
            throw new IllegalStateException("Cannot write the records of write tasks " + task
                + " and " + record.getInt(TASK_ORDINAL) + " in one Spark task");
          }
          writer.write(record);
        }
        file.close();
        rows = file.rows();
        bytes = file.length();
      }
      if (rows == 0) {
        path.getFileSystem(conf).delete(path, false);
        return java.util.Collections.emptyIterator();
      }
      return List.of(new WrittenFile(relative, rows, bytes)).iterator();
    }
  }
}
