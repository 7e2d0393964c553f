package io.ptlake.preprocess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the contract's {@code expected_rows} during the single pass, in memory proportional
 * to the number of distinct provider-reference ids.
 *
 * <p>A rate's keys come in any order, so its ids and its price count are combined only at the
 * rate's end. An id may be defined after the rates that use it, so per id the sum of the prices
 * that reference it is kept and multiplied by W(id) only at the end.
 */
final class ExpectedRowCounter {
  private static final int PRICES = 0;
  private static final int WEIGHT = 1;
  private static final int REFERENCED = 2;

  /** Per id: Σ prices of rates referencing it, W(id) (0 while undefined), referenced flag. */
  private final Map<String, long[]> ids = new HashMap<>();

  private final List<long[]> rateIds = new ArrayList<>();
  private long ratePrices;
  private long rateInlineWeight;
  private long inlineRows;

  void startRate() {
    rateIds.clear();
    ratePrices = 0;
    rateInlineWeight = 0;
  }

  /** One entry of the rate's provider_references; duplicates count again. */
  void referenceId(String id) {
    long[] slot = slot(id);
    slot[REFERENCED] = 1;
    rateIds.add(slot);
  }

  /** Inline groups of the rate, as Σ over them of max(1, |npi|). */
  void inlineGroups(long weight) {
    rateInlineWeight = Math.addExact(rateInlineWeight, weight);
  }

  void prices(long count) {
    ratePrices += count;
  }

  void endRate() {
    if (rateIds.isEmpty() && rateInlineWeight == 0) {
      // neither references nor inline groups: every price is kept, with null provider columns
      inlineRows = Math.addExact(inlineRows, ratePrices);
      return;
    }
    inlineRows = Math.addExact(inlineRows, Math.multiplyExact(ratePrices, rateInlineWeight));
    for (long[] slot : rateIds) {
      slot[PRICES] = Math.addExact(slot[PRICES], ratePrices);
    }
  }

  /** One provider_references entry; {@code weight} is Σ over its groups of max(1, |npi|). */
  void defineId(String id, long weight) {
    long[] slot = slot(id);
    slot[WEIGHT] = Math.addExact(slot[WEIGHT], Math.max(1, weight));
  }

  long expectedRows() {
    long rows = inlineRows;
    for (long[] slot : ids.values()) {
      rows = Math.addExact(rows, Math.multiplyExact(slot[PRICES], Math.max(1, slot[WEIGHT])));
    }
    return rows;
  }

  /** Distinct ids that rates reference and no provider_references entry defines. */
  long undefinedReferenceIds() {
    long undefined = 0;
    for (long[] slot : ids.values()) {
      if (slot[REFERENCED] == 1 && slot[WEIGHT] == 0) {
        undefined++;
      }
    }
    return undefined;
  }

  private long[] slot(String id) {
    return ids.computeIfAbsent(id, key -> new long[3]);
  }
}
