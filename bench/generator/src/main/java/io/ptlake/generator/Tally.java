package io.ptlake.generator;

import java.util.SortedMap;
import java.util.TreeMap;

/** Running counts of what has been written; frozen into {@link ExpectedCounts} at the end. */
final class Tally {

  /** Past this many items the per-code map is dropped, so memory stays bounded. */
  static final int ROWS_BY_CODE_LIMIT = 100_000;

  long items;
  long rates;
  long prices;
  long referenceEntries;
  long inlineGroups;
  long remoteReferences;
  long rows;
  private final SortedMap<String, Long> rowsByCode = new TreeMap<>();

  /** Counts one finished item and its rows. */
  void item(String billingCode, long itemRows) {
    items++;
    rows += itemRows;
    if (items > ROWS_BY_CODE_LIMIT) {
      rowsByCode.clear();
    } else {
      rowsByCode.merge(billingCode, itemRows, Long::sum);
    }
  }

  ExpectedCounts toCounts(long undefinedIds, long uncompressedBytes) {
    return new ExpectedCounts(
        items,
        rates,
        prices,
        referenceEntries,
        inlineGroups,
        remoteReferences,
        undefinedIds,
        rows,
        rowsByCode,
        uncompressedBytes);
  }
}
