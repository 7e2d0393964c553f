package io.ptlake.spark.ingest;

import io.ptlake.preprocess.ChunkKind;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.ManifestReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One preprocess output directory and its manifest (docs/chunk-format.md). Directories are
 * Hadoop paths, so local folders and s3a:// prefixes read alike.
 */
public record PreprocessedSource(Path dir, Manifest manifest) {
  /** Written last by the preprocessor: its presence means the directory is complete. */
  public static final String MANIFEST_FILE = "manifest.json";

  /** The header field the snapshot month comes from. */
  public static final String LAST_UPDATED_ON = "last_updated_on";

  // YYYY-MM at the start of last_updated_on: "2024-05-01", also "2024-05-01T00:00:00Z".
  private static final Pattern MONTH = Pattern.compile("^(\\d{4})-(0[1-9]|1[0-2])(?:\\D.*)?$");

  /**
   * Reads {@code dir}'s manifest with the job's Hadoop configuration: an in-network source, what
   * {@link RateExplodeJob} explodes.
   *
   * @throws IngestException when the directory has no manifest or is not of rates
   */
  public static PreprocessedSource load(String dir, Configuration hadoopConf) {
    PreprocessedSource source = read(dir, hadoopConf);
    if (!source.isInNetwork()) {
      throw new IngestException("Cannot explode " + dir + " into the rates table because its"
          + " manifest says file_type " + source.manifest().fileType() + ", and only "
          + Manifest.FILE_TYPE_IN_NETWORK_RATES + " files hold rates; ingest loads "
          + Manifest.FILE_TYPE_ALLOWED_AMOUNTS + " files into allowed_amounts");
    }
    return source;
  }

  /**
   * Reads {@code dir}'s manifest with the job's Hadoop configuration: an in-network or an
   * allowed-amounts source.
   *
   * @throws IngestException when the directory has no manifest or holds another file type
   */
  public static PreprocessedSource read(String dir, Configuration hadoopConf) {
    Path root = new Path(dir);
    Path manifestPath = new Path(root, MANIFEST_FILE);
    Manifest manifest;
    try {
      FileSystem fs = root.getFileSystem(hadoopConf);
      root = fs.makeQualified(root);
      try (InputStream in = fs.open(manifestPath)) {
        manifest = ManifestReader.read(in);
      }
    } catch (FileNotFoundException e) {
      throw new IngestException("Cannot ingest " + dir + " because it has no "
          + MANIFEST_FILE + ": not a complete preprocess output", e);
    } catch (IOException e) {
      throw new IngestException("Cannot read " + manifestPath + ": " + e.getMessage(), e);
    }
    if (!Manifest.FILE_TYPE_IN_NETWORK_RATES.equals(manifest.fileType())
        && !Manifest.FILE_TYPE_ALLOWED_AMOUNTS.equals(manifest.fileType())) {
      throw new IngestException("Cannot ingest " + dir + " because its manifest says file_type "
          + manifest.fileType() + ", and only " + Manifest.FILE_TYPE_IN_NETWORK_RATES + " and "
          + Manifest.FILE_TYPE_ALLOWED_AMOUNTS + " files are ingested");
    }
    return new PreprocessedSource(root, manifest);
  }

  /** Whether the source is an in-network rate file (else an allowed-amounts file). */
  public boolean isInNetwork() {
    return Manifest.FILE_TYPE_IN_NETWORK_RATES.equals(manifest.fileType());
  }

  /** The manifest's source uri: the value of the table's source_file column. */
  public String sourceFile() {
    return manifest.sourceUri();
  }

  /**
   * The table's {@code source_id}: the first 16 hex digits (64 bits) of the SHA-256 of the source
   * uri. A name, not a content hash: a payer republishing the same URL in the same month replaces
   * that month's rows instead of adding a second copy; size, compression and chunk counts of each
   * load are kept in the run report.
   */
  public String sourceId() {
    return sourceId(sourceFile());
  }

  public static String sourceId(String sourceUri) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(sourceUri.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * The table's {@code snapshot_month}, {@code YYYY-MM} of the header's last_updated_on; null when
   * the header has none or it does not start with a year and month.
   */
  public String snapshotMonth() {
    return snapshotMonth(manifest.header().get(LAST_UPDATED_ON));
  }

  static String snapshotMonth(String lastUpdatedOn) {
    if (lastUpdatedOn == null) {
      return null;
    }
    Matcher matcher = MONTH.matcher(lastUpdatedOn.strip());
    return matcher.matches() ? matcher.group(1) + "-" + matcher.group(2) : null;
  }

  /** What identifies the source's rows in every table: its snapshot month and source id. */
  public String key() {
    return snapshotMonth() + "/" + sourceId();
  }

  public long undefinedReferenceIds() {
    return manifest.count(Manifest.UNDEFINED_REFERENCE_IDS);
  }

  /** Qualified paths of one chunk set's files, as the manifest lists them. */
  public List<String> chunkFiles(ChunkKind kind) {
    return manifest.chunks(kind).stream()
        .map(chunk -> new Path(dir, chunk.path()).toString())
        .toList();
  }
}
