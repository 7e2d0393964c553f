package io.ptlake.spark.report;

/** A report that cannot be made: no such table, a query the catalog's tables cannot answer. */
public final class ReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReportException(String message) {
    super(message);
  }

  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
