package io.ptlake.generator;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a generated allowed-amounts file contains, known from the generator's own draws: the oracle
 * of the preprocessor's manifest counts and {@code expected_rows} for an allowed-amounts file
 * (docs/chunk-format.md), and of the rows of {@code ptlake.allowed_amounts}. JSON names match the
 * manifest's {@code counts} keys.
 *
 * @param outOfNetworkItems items of the out_of_network array
 * @param allowedAmounts entries of the items' allowed_amounts arrays
 * @param payments elements of the entries' payments arrays
 * @param providers elements of the payments' providers arrays
 * @param providerNpis entries of the providers' npi arrays
 * @param expectedRows rows of the exploded table: Σ over payments of max(1, Σ over its providers
 *     of max(1, |npi|))
 * @param expectedRowsByBillingCode the same by billing_code; empty past 100,000 items
 * @param uncompressedBytes size of the JSON text before any gzip
 */
public record AllowedAmountsCounts(
    long outOfNetworkItems,
    long allowedAmounts,
    long payments,
    long providers,
    long providerNpis,
    long expectedRows,
    SortedMap<String, Long> expectedRowsByBillingCode,
    long uncompressedBytes) {

  private static final String[] FIELDS = {
    "out_of_network_items",
    "allowed_amounts",
    "payments",
    "providers",
    "provider_npis",
    "expected_rows",
    "uncompressed_bytes"
  };

  public AllowedAmountsCounts {
    expectedRowsByBillingCode =
        Collections.unmodifiableSortedMap(new TreeMap<>(expectedRowsByBillingCode));
  }

  /** Pretty JSON with "\n" line ends, ending in a newline: the file's {@code .expected.json}. */
  public String toJson() {
    long[] values = {
      outOfNetworkItems, allowedAmounts, payments, providers, providerNpis, expectedRows,
      uncompressedBytes
    };
    return CountsJson.write(FIELDS, values, expectedRowsByBillingCode);
  }

  /** Reads what {@link #toJson()} wrote; every field is required and no other is allowed. */
  public static AllowedAmountsCounts fromJson(String json) {
    CountsJson.Parsed parsed = CountsJson.read(json, FIELDS);
    long[] v = parsed.values();
    return new AllowedAmountsCounts(v[0], v[1], v[2], v[3], v[4], v[5], parsed.byCode(), v[6]);
  }
}
