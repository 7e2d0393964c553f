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

  /**
   * The same for ids whose canonical form is a plain integer below 10^18, the usual kind, keyed
   * by value: no String per reference. An id is in exactly one of the two maps.
   */
  private final LongSlots numericIds = new LongSlots();

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
    referenceSlot(slot(id));
  }

  /** {@link #referenceId(String)} for an id whose canonical form is {@code id}'s digits. */
  void referenceId(long id) {
    referenceSlot(numericIds.slot(id));
  }

  private void referenceSlot(long[] slot) {
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
    defineSlot(slot(id), weight);
  }

  void defineId(long id, long weight) {
    defineSlot(numericIds.slot(id), weight);
  }

  private void defineSlot(long[] slot, long weight) {
    slot[WEIGHT] = Math.addExact(slot[WEIGHT], Math.max(1, weight));
  }

  /**
   * Adds what {@code other} counted (a parallel scanner's rates) to this counter: sums per id
   * and of inline rows, so the order in which rates were counted does not matter.
   */
  void add(ExpectedRowCounter other) {
    inlineRows = Math.addExact(inlineRows, other.inlineRows);
    for (Map.Entry<String, long[]> e : other.ids.entrySet()) {
      addSlot(ids.computeIfAbsent(e.getKey(), key -> new long[3]), e.getValue());
    }
    LongSlots from = other.numericIds;
    for (int i = 0; i < from.keys.length; i++) {
      if (from.values[i] != null) {
        addSlot(numericIds.slot(from.keys[i]), from.values[i]);
      }
    }
  }

  private static void addSlot(long[] slot, long[] other) {
    slot[PRICES] = Math.addExact(slot[PRICES], other[PRICES]);
    slot[WEIGHT] = Math.addExact(slot[WEIGHT], other[WEIGHT]);
    slot[REFERENCED] |= other[REFERENCED];
  }

  long expectedRows() {
    long rows = inlineRows;
    for (long[] slot : ids.values()) {
      rows = Math.addExact(rows, Math.multiplyExact(slot[PRICES], Math.max(1, slot[WEIGHT])));
    }
    for (long[] slot : numericIds.values) {
      if (slot != null) {
        rows = Math.addExact(rows, Math.multiplyExact(slot[PRICES], Math.max(1, slot[WEIGHT])));
      }
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
    for (long[] slot : numericIds.values) {
      if (slot != null && slot[REFERENCED] == 1 && slot[WEIGHT] == 0) {
        undefined++;
      }
    }
    return undefined;
  }

  private long[] slot(String id) {
    long numeric = plainValue(id);
    if (numeric >= 0) {
      return numericIds.slot(numeric);
    }
    return ids.computeIfAbsent(id, key -> new long[3]);
  }

  /** The value of a canonical plain integer of at most 18 digits, else -1. */
  static long plainValue(String id) {
    int length = id.length();
    if (length == 0 || length > 18 || (length > 1 && id.charAt(0) == '0')) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Open addressing from a non-negative id to its slot; memory grows with distinct ids only. */
  private static final class LongSlots {
    private long[] keys = new long[1024];
    private long[][] values = new long[1024][];
    private int size;

    long[] slot(long key) {
      int mask = keys.length - 1;
      int i = hash(key) & mask;
      for (long[] value; (value = values[i]) != null; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return value;
        }
      }
      long[] slot = new long[3];
      keys[i] = key;
      values[i] = slot;
      if (++size * 2 > keys.length) {
        grow();
      }
      return slot;
    }

    private void grow() {
      long[] oldKeys = keys;
      long[][] oldValues = values;
      keys = new long[oldKeys.length * 2];
      values = new long[oldKeys.length * 2][];
      int mask = keys.length - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldValues[j] != null) {
          int i = hash(oldKeys[j]) & mask;
          while (values[i] != null) {
            i = (i + 1) & mask;
          }
          keys[i] = oldKeys[j];
          values[i] = oldValues[j];
        }
      }
    }

    private static int hash(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }
  }
}
