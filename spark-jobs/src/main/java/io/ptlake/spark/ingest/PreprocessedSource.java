package io.ptlake.spark.ingest;

import io.ptlake.preprocess.ChunkKind;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.ManifestReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
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

  /**
   * Reads {@code dir}'s manifest with the job's Hadoop configuration.
   *
   * @throws IngestException when the directory has no manifest or is not of rates
   */
  public static PreprocessedSource load(String dir, Configuration hadoopConf) {
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
    if (!Manifest.FILE_TYPE_IN_NETWORK_RATES.equals(manifest.fileType())) {
      throw new IngestException("Cannot ingest " + dir + " because it holds a "
          + manifest.fileType() + " file, not " + Manifest.FILE_TYPE_IN_NETWORK_RATES);
    }
    return new PreprocessedSource(root, manifest);
  }

  /** The manifest's source uri: the value of the table's source_file column. */
  public String sourceFile() {
    return manifest.sourceUri();
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
