package io.ptlake.spark.providers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An unpartitioned table replaced whole on each load, atomically for readers: each load writes a
 * new version folder {@code <table folder>/v=<UTC time>/} beside the current one, then points the
 * table at it with one catalog update ({@code ALTER TABLE … SET LOCATION}, a single Glue
 * UpdateTable on AWS), then records it in {@code <table folder>/_current}. A reader sees the old
 * version or the new one, never a mix or an empty table. The version a reader may still be
 * reading (the one replaced) is kept until the next load; older ones and folders of loads killed
 * before their switch are deleted then.
 */
public final class ReplacedTable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplacedTable.class);

  /** The file naming the current version folder: what {@code catalog register} registers. */
  public static final String CURRENT = "_current";
  /** Version folders: {@code v=<UTC time>}, so that names sort by time. */
  public static final String VERSION_PREFIX = "v=";
  private static final DateTimeFormatter VERSION =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final String table;
  private final Path folder;

  /** {@code table} ({@code database.name}) in {@code <warehouse>/<database>.db/<name>}. */
  public ReplacedTable(SparkSession spark, String table) {
    this.spark = spark;
    this.table = table;
    String[] parts = table.split("\\.", 2);
    this.folder = new Path(new Path(spark.conf().get("spark.sql.warehouse.dir"),
        parts[0] + ".db"), parts[1]);
  }

  public String name() {
    return table;
  }

  /**
   * Writes {@code rows} as the table's new version and switches readers to it; returns the new
   * version's folder.
   */
  public Path replace(Dataset<Row> rows) {
    Configuration conf = spark.sessionState().newHadoopConf();
    Path version = new Path(folder, VERSION_PREFIX + VERSION.format(Instant.now()));
    try {
      FileSystem fs = folder.getFileSystem(conf);
      Optional<Path> previous = current(fs, folder);
      rows.write().mode(SaveMode.ErrorIfExists).parquet(version.toString());
      String location = fs.makeQualified(version).toString();
      spark.sql("CREATE DATABASE IF NOT EXISTS " + table.substring(0, table.indexOf('.')));
      boolean sameColumns = spark.catalog().tableExists(table)
          && spark.table(table).schema().toDDL().equals(rows.schema().toDDL());
      if (sameColumns) {
        spark.sql("ALTER TABLE " + table + " SET LOCATION " + literal(location));
        spark.catalog().refreshTable(table);
      } else {
        // The first load, or a version of ptlake that writes other columns: not atomic, once.
        spark.sql("DROP TABLE IF EXISTS " + table);
        spark.sql("CREATE TABLE " + table + " (" + rows.schema().toDDL() + ") USING parquet"
            + " LOCATION " + literal(location));
      }
      try (OutputStream out = fs.create(new Path(folder, CURRENT), true)) {
        out.write(version.getName().getBytes(StandardCharsets.UTF_8));
      }
      removeOthers(fs, version, previous.orElse(null));
      LOG.info("{} now reads {}", table, location);
      return fs.makeQualified(version);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot replace " + table + " in " + folder, e);
    }
  }

  /**
   * The current version folder of a replaced table at {@code folder}: the one {@link #CURRENT}
   * names, else (a load killed between its switch and the note) the newest complete one.
   */
  public static Optional<Path> current(FileSystem fs, Path folder) throws IOException {
    Path note = new Path(folder, CURRENT);
    if (fs.exists(note)) {
      try (InputStream in = fs.open(note)) {
        Path named = new Path(folder, new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        if (fs.exists(new Path(named, "_SUCCESS"))) {
          return Optional.of(named);
        }
      }
    }
    return versions(fs, folder).stream()
        .filter(path -> exists(fs, new Path(path, "_SUCCESS")))
        .max(Comparator.comparing(Path::getName));
  }

  private void removeOthers(FileSystem fs, Path keep, Path previous) throws IOException {
    for (Path version : versions(fs, folder)) {
      if (!version.getName().equals(keep.getName())
          && (previous == null || !version.getName().equals(previous.getName()))) {
        LOG.info("Removing {}, a version of {} no reader uses", version, table);
        fs.delete(version, true);
      }
    }
  }

  private static List<Path> versions(FileSystem fs, Path folder) throws IOException {
    List<Path> versions = new ArrayList<>();
    if (!fs.exists(folder)) {
      return versions;
    }
    for (FileStatus child : fs.listStatus(folder)) {
      if (child.isDirectory() && child.getPath().getName().startsWith(VERSION_PREFIX)) {
        versions.add(child.getPath());
      }
    }
    return versions;
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + path, e);
    }
  }
}
