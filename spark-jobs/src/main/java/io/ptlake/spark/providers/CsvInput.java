package io.ptlake.spark.providers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSV file as Spark reads it, from a plain, gzip or ZIP file (a local path or an s3a:// URI).
 * Spark reads plain CSV in parallel splits and gzip in one task; a ZIP (how CMS publishes NPPES)
 * is no Hadoop codec, so its CSV entry is copied out once, streaming, into a staging folder under
 * the warehouse, read from there in splits, and deleted when the load is done.
 *
 * @param path what Spark reads
 * @param header the file's header line
 * @param staged the staging folder to delete on {@link #close}; null when nothing was copied
 */
record CsvInput(String path, CsvHeader header, Path staged, Configuration conf)
    implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CsvInput.class);
  private static final int BUFFER = 1 << 20;

  /**
   * The CSV of {@code file}; in a ZIP, the first entry whose name {@code entry} accepts.
   *
   * @throws IOException when it cannot be read, or a ZIP holds no such entry
   */
  static CsvInput open(SparkSession spark, String file, Predicate<String> entry, String purpose)
      throws IOException {
    Configuration conf = spark.sessionState().newHadoopConf();
    Path source = new Path(file);
    FileSystem fs = source.getFileSystem(conf);
    source = fs.makeQualified(source);
    if (!isZip(fs, source)) {
      try (InputStream in = decoded(fs.open(source), file)) {
        return new CsvInput(source.toString(), CsvHeader.read(in, file), null, conf);
      }
    }
    Path staged = new Path(new Path(spark.conf().get("spark.sql.warehouse.dir"), "_staging"),
        purpose + "-" + Instant.now().toEpochMilli());
    try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(fs.open(source), BUFFER))) {
      for (ZipEntry next = zip.getNextEntry(); next != null; next = zip.getNextEntry()) {
        String name = next.getName().substring(next.getName().lastIndexOf('/') + 1);
        if (next.isDirectory() || !entry.test(name)) {
          continue;
        }
        Path copy = new Path(staged, name);
        LOG.info("Copying {} out of {} to {}", name, file, copy);
        FileSystem stagingFs = copy.getFileSystem(conf);
        try (OutputStream out = stagingFs.create(copy, false)) {
          zip.transferTo(out);
        }
        CsvHeader header;
        try (InputStream in = stagingFs.open(copy)) {
          header = CsvHeader.read(in, file + "!" + name);
        }
        return new CsvInput(stagingFs.makeQualified(copy).toString(), header, staged, conf);
      }
    } catch (IOException | RuntimeException e) {
      delete(staged, conf);
      throw e;
    }
    throw new IOException("Cannot load " + file + " because the ZIP holds no entry such as "
        + purpose + " needs");
  }

  /** Removes the staged copy, if any. */
  @Override
  public void close() {
    if (staged != null) {
      delete(staged, conf);
    }
  }

  private static void delete(Path staged, Configuration conf) {
    try {
      staged.getFileSystem(conf).delete(staged, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the staged copy " + staged, e);
    }
  }

  /** ZIP by its magic bytes {@code PK\3\4}, whatever the name. */
  private static boolean isZip(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3
          && magic[3] == 4;
    }
  }

  /** Spark reads {@code .gz} by its name; the header is read the same way here. */
  private static InputStream decoded(InputStream in, String file) throws IOException {
    return file.endsWith(".gz") ? new GZIPInputStream(in, BUFFER) : in;
  }
}
