package io.ptlake.generator;

import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a generated file contains, known from the generator's own model (never by re-reading the
 * file): the oracle the preprocessor's manifest counts and {@code expected_rows} are checked
 * against. JSON names match the manifest's {@code counts} keys.
 *
 * @param providerReferences entries in the top-level provider_references array (duplicates count)
 * @param inlineProviderGroups group objects inside rates' own provider_groups arrays
 * @param remoteProviderReferences provider_references entries that only carry a {@code location}
 * @param undefinedReferenceIds distinct ids that rates reference and no entry defines
 * @param expectedRows rows of the exploded table, per docs/chunk-format.md
 * @param expectedRowsByBillingCode the same by billing_code; empty past 100,000 items, so the
 *     generator's memory stays bounded
 * @param uncompressedBytes size of the JSON text before any gzip
 */
public record ExpectedCounts(
    long inNetworkItems,
    long negotiatedRates,
    long negotiatedPrices,
    long providerReferences,
    long inlineProviderGroups,
    long remoteProviderReferences,
    long undefinedReferenceIds,
    long expectedRows,
    SortedMap<String, Long> expectedRowsByBillingCode,
    long uncompressedBytes) {

  /** The numeric fields in file order: the record's longs, uncompressed bytes last. */
  private static final String[] FIELDS = {
    "in_network_items",
    "negotiated_rates",
    "negotiated_prices",
    "provider_references",
    "inline_provider_groups",
    "remote_provider_references",
    "undefined_reference_ids",
    "expected_rows",
    "uncompressed_bytes"
  };

  public ExpectedCounts {
    expectedRowsByBillingCode =
        Collections.unmodifiableSortedMap(new TreeMap<>(expectedRowsByBillingCode));
  }

  /** Where the counts of {@code x.json.gz} are kept: {@code x.json.gz.expected.json}. */
  public static Path sidecarOf(Path dataFile) {
    return dataFile.resolveSibling(dataFile.getFileName() + ".expected.json");
  }

  /** Pretty JSON with "\n" line ends (the same bytes on every OS), ending in a newline. */
  public String toJson() {
    long[] values = {
      inNetworkItems, negotiatedRates, negotiatedPrices, providerReferences,
      inlineProviderGroups, remoteProviderReferences, undefinedReferenceIds, expectedRows,
      uncompressedBytes
    };
    return CountsJson.write(FIELDS, values, expectedRowsByBillingCode);
  }

  /** Reads what {@link #toJson()} wrote; every field is required and no other is allowed. */
  public static ExpectedCounts fromJson(String json) {
    CountsJson.Parsed parsed = CountsJson.read(json, FIELDS);
    long[] values = parsed.values();
    return new ExpectedCounts(
        values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
        parsed.byCode(), values[8]);
  }
}
