package io.ptlake.preprocess;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the two in-network splitters count as they go, so that the fast and the reference
 * splitter give the manifest the same counts in the same order. The fast splitter's parallel
 * scanners count into counts of their own, {@link #add}ed up at the end.
 */
final class SplitCounts {
  long items;
  long rates;
  long prices;
  long references;
  long inlineGroups;
  long remoteReferences;
  /** The fast splitter's problem counts (the reference splitter's are in {@link JsonSplitter}). */
  long typeProblemRecords;
  long missingFieldRecords;

  void add(SplitCounts other) {
    items += other.items;
    rates += other.rates;
    prices += other.prices;
    references += other.references;
    inlineGroups += other.inlineGroups;
    remoteReferences += other.remoteReferences;
    typeProblemRecords += other.typeProblemRecords;
    missingFieldRecords += other.missingFieldRecords;
  }

  /** The manifest's counts, under the {@link Manifest} count names. */
  Map<String, Long> toMap(
      long undefinedReferenceIds, long typeProblemRecords, long missingFieldRecords) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(Manifest.IN_NETWORK_ITEMS, items);
    counts.put(Manifest.NEGOTIATED_RATES, rates);
    counts.put(Manifest.NEGOTIATED_PRICES, prices);
    counts.put(Manifest.PROVIDER_REFERENCES, references);
    counts.put(Manifest.INLINE_PROVIDER_GROUPS, inlineGroups);
    counts.put(Manifest.REMOTE_PROVIDER_REFERENCES, remoteReferences);
    counts.put(Manifest.UNDEFINED_REFERENCE_IDS, undefinedReferenceIds);
    counts.put(Manifest.RECORDS_WITH_TYPE_PROBLEMS, typeProblemRecords);
    counts.put(Manifest.RECORDS_MISSING_FIELDS, missingFieldRecords);
    return counts;
  }
}
