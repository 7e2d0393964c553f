package io.ptlake.preprocess;

import io.ptlake.generator.ExpectedCounts;
import java.util.LinkedHashMap;
import java.util.Map;

/** The generator's oracle in the manifest's terms. */
final class GeneratedFiles {
  private GeneratedFiles() {}

  /**
   * @param remoteUrls distinct URLs of the file's remote entries: no test serves them, so each is
   *     a failed fetch
   */
  static Map<String, Long> countsAndRows(ExpectedCounts expected, long remoteUrls) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(Manifest.IN_NETWORK_ITEMS, expected.inNetworkItems());
    counts.put(Manifest.NEGOTIATED_RATES, expected.negotiatedRates());
    counts.put(Manifest.NEGOTIATED_PRICES, expected.negotiatedPrices());
    counts.put(Manifest.PROVIDER_REFERENCES, expected.providerReferences());
    counts.put(Manifest.INLINE_PROVIDER_GROUPS, expected.inlineProviderGroups());
    counts.put(Manifest.REMOTE_PROVIDER_REFERENCES, expected.remoteProviderReferences());
    counts.put(Manifest.UNDEFINED_REFERENCE_IDS, expected.undefinedReferenceIds());
    counts.put(Manifest.RECORDS_WITH_TYPE_PROBLEMS, 0L);
    counts.put(Manifest.RECORDS_MISSING_FIELDS, 0L);
    counts.put(Manifest.REMOTE_REFERENCE_FAILURES, remoteUrls);
    counts.put(Manifest.REMOTE_PROVIDER_GROUPS, 0L);
    counts.put("expected_rows", expected.expectedRows());
    return counts;
  }
}
