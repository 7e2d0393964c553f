package io.ptlake.preprocess;

import io.ptlake.generator.ExpectedCounts;
import java.util.LinkedHashMap;
import java.util.Map;

/** The generator's oracle in the manifest's terms. */
final class GeneratedFiles {
  private GeneratedFiles() {}

  static Map<String, Long> countsAndRows(ExpectedCounts expected) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(Manifest.IN_NETWORK_ITEMS, expected.inNetworkItems());
    counts.put(Manifest.NEGOTIATED_RATES, expected.negotiatedRates());
    counts.put(Manifest.NEGOTIATED_PRICES, expected.negotiatedPrices());
    counts.put(Manifest.PROVIDER_REFERENCES, expected.providerReferences());
    counts.put(Manifest.INLINE_PROVIDER_GROUPS, expected.inlineProviderGroups());
    counts.put(Manifest.REMOTE_PROVIDER_REFERENCES, expected.remoteProviderReferences());
    counts.put(Manifest.UNDEFINED_REFERENCE_IDS, expected.undefinedReferenceIds());
    counts.put("expected_rows", expected.expectedRows());
    return counts;
  }
}
