package io.ptlake.spark.parquet;

import org.apache.parquet.column.statistics.Statistics;

/**
 * The distinct values of a column chunk (a dictionary) or the values of one page (after a
 * dictionary grew too big), each known by an id: runs of a page hold ids, and this store turns
 * them back into PLAIN bytes, dictionary pages and statistics.
 */
interface ValueStore {
  int size();

  /** Bytes of every value in PLAIN encoding: the size of a dictionary page. */
  long plainBytes();

  /** {@code id}'s value in PLAIN encoding. */
  void writePlain(int id, ByteSink out);

  /** Compares two values with the order of the column's type (signed for decimals and ints). */
  int compare(int left, int right);

  /** Sets {@code stats}' min and max to the values {@code min} and {@code max}. */
  void updateStatistics(Statistics<?> stats, int min, int max);

  void clear();
}
