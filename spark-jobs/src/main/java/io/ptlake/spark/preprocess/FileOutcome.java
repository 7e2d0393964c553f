package io.ptlake.spark.preprocess;

import java.io.Serializable;

/**
 * What one task did with one source: the run report's line for it, sent back to the driver.
 *
 * @param status {@link #PROCESSED}, {@link #SKIPPED} or {@link #FAILED}
 * @param attempts Spark attempts of the task, the last one included
 * @param partition the task's partition: 0 is the biggest source, scheduled first
 * @param error the last attempt's message (it names the file; a malformed file's also the byte
 *     offset, in {@code errorByteOffset}); null unless failed
 * @param fileType from the manifest written (or found, when skipped), as are expectedRows,
 *     jsonBytes and chunks; all null when failed
 */
public record FileOutcome(
    SourceFile source,
    String status,
    int attempts,
    int partition,
    long startedAtMillis,
    long finishedAtMillis,
    String fileType,
    Long expectedRows,
    Long jsonBytes,
    Integer chunks,
    String error,
    Long errorByteOffset)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String PROCESSED = "processed";
  public static final String SKIPPED = "skipped";
  public static final String FAILED = "failed";

  public double seconds() {
    return (finishedAtMillis - startedAtMillis) / 1000.0;
  }

  public boolean failed() {
    return status.equals(FAILED);
  }
}
