package io.ptlake.spark.ingest;

/** The table does not hold the rows the manifests promise: the ingest must not be trusted. */
public final class RowCountMismatchException extends IngestException {
  private static final long serialVersionUID = 1L;

  RowCountMismatchException(String message) {
    super(message);
  }
}
