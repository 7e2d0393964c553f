package io.ptlake.spark.ingest;

/** What an ingest does with the rows already in the table. */
public enum WriteMode {
  /** Rebuild the table from the given directories only. */
  OVERWRITE,
  /** Add the given directories; a source file already in the table is refused, not doubled. */
  APPEND
}
