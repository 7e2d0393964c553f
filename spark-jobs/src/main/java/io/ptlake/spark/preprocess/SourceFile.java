package io.ptlake.spark.preprocess;

import io.ptlake.preprocess.InputSource;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.toc.TocPreprocessor;
import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;

/**
 * One source of a preprocess-many run: what a task gets from the driver, nothing more.
 *
 * @param uri the source as the preprocessor reads it (a local path made absolute, s3://, https://)
 * @param name its output folder under the run's prefix: {@link TocPreprocessor#stableName}, as
 *     {@code preprocess TOC} names it
 * @param sizeBytes the stored size from the listing; -1 when unknown (not stat'd, or the server
 *     does not say)
 * @param version the listing's ETag (or Last-Modified, or a local file's modification time); null
 *     when unknown
 */
public record SourceFile(String uri, String name, long sizeBytes, String version)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Biggest first, so the longest tasks start first; ties by name, for a stable order. */
  public static final Comparator<SourceFile> BIGGEST_FIRST =
      Comparator.comparingLong(SourceFile::sizeBytes).reversed().thenComparing(SourceFile::name);

  public SourceFile {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
  }

  /** A listed source whose size and version are still to be read. */
  public static SourceFile unstated(String uri) {
    // Named from the URI as listed, as preprocess TOC names it, so both give the same folders.
    return new SourceFile(Storage.canonicalInput(uri), TocPreprocessor.stableName(uri), -1, null);
  }

  public static SourceFile of(String uri, InputSource.Stat stat) {
    return unstated(uri).with(stat);
  }

  public SourceFile with(InputSource.Stat stat) {
    return new SourceFile(uri, name, stat.sizeBytes(), stat.version());
  }

  /** The form that may be shown: a pre-signed URL loses its query. */
  public String displayUri() {
    return Storage.displayUri(uri);
  }
}
