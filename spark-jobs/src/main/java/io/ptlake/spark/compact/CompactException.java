package io.ptlake.spark.compact;

/**
 * A compaction refused for a reason its message fully explains (no such table, a table it cannot
 * rewrite): the CLI prints the message, not a stack trace.
 */
public class CompactException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CompactException(String message) {
    super(message);
  }

  public CompactException(String message, Throwable cause) {
    super(message, cause);
  }
}
