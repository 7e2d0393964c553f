package io.ptlake.spark.ingest;

/**
 * An ingest refused or failed for a reason its message fully explains (a bad directory, a source
 * already in the table, a row count mismatch): the CLI prints the message, not a stack trace.
 */
public class IngestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IngestException(String message) {
    super(message);
  }

  public IngestException(String message, Throwable cause) {
    super(message, cause);
  }
}
