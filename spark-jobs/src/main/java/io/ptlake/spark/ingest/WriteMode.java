package io.ptlake.spark.ingest;

/**
 * What an ingest does with the rows already in the table. A source is identified by its snapshot
 * month (last_updated_on's YYYY-MM) and source id (a hash of its uri).
 */
public enum WriteMode {
  /**
   * The default, safe to rerun: sources not yet in the table are added without rewriting any
   * existing file; a source already loaded for the same month has its rows replaced (the
   * partitions it touches are rewritten with the other sources' rows and its new ones). Never
   * duplicates; other months are never read or written.
   */
  MERGE,
  /** Add the given sources; a source already in the table for the same month is refused. */
  APPEND,
  /** Rebuild the whole table from the given sources only. */
  OVERWRITE
}
