package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

  private static final String BY_CODE = "expected_rows_by_billing_code";

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
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = Json.generator(out, true)) {
      gen.writeStartObject();
      long[] values = {
        inNetworkItems, negotiatedRates, negotiatedPrices, providerReferences,
        inlineProviderGroups, remoteProviderReferences, undefinedReferenceIds, expectedRows,
        uncompressedBytes
      };
      for (int i = 0; i < FIELDS.length; i++) {
        gen.writeNumberField(FIELDS[i], values[i]);
      }
      gen.writeObjectFieldStart(BY_CODE);
      for (var entry : expectedRowsByBillingCode.entrySet()) {
        gen.writeNumberField(entry.getKey(), entry.getValue());
      }
      gen.writeEndObject();
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  /** Reads what {@link #toJson()} wrote; every field is required and no other is allowed. */
  public static ExpectedCounts fromJson(String json) {
    long[] values = new long[FIELDS.length];
    boolean[] seen = new boolean[FIELDS.length];
    SortedMap<String, Long> byCode = null;
    try (JsonParser parser = Json.FACTORY.createParser(json)) {
      expect(parser, parser.nextToken(), JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (name.equals(BY_CODE)) {
          byCode = readByCode(parser);
          continue;
        }
        int index = indexOf(name, parser);
        expect(parser, parser.nextToken(), JsonToken.VALUE_NUMBER_INT);
        values[index] = parser.getLongValue();
        seen[index] = true;
      }
      for (int i = 0; i < FIELDS.length; i++) {
        if (!seen[i]) {
          throw new IllegalArgumentException(
              "Missing field '" + FIELDS[i] + "' in expected counts");
        }
      }
      if (byCode == null) {
        throw new IllegalArgumentException("Missing field '" + BY_CODE + "' in expected counts");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read expected counts: " + e.getMessage(), e);
    }
    return new ExpectedCounts(
        values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
        byCode, values[8]);
  }

  private static int indexOf(String name, JsonParser parser) {
    for (int i = 0; i < FIELDS.length; i++) {
      if (FIELDS[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "Unknown field '" + name + "' in expected counts at " + parser.currentLocation());
  }

  private static SortedMap<String, Long> readByCode(JsonParser parser) throws IOException {
    expect(parser, parser.nextToken(), JsonToken.START_OBJECT);
    SortedMap<String, Long> byCode = new TreeMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String code = parser.currentName();
      expect(parser, parser.nextToken(), JsonToken.VALUE_NUMBER_INT);
      byCode.put(code, parser.getLongValue());
    }
    return byCode;
  }

  private static void expect(JsonParser parser, JsonToken found, JsonToken expected) {
    if (found != expected) {
      throw new IllegalArgumentException(
          "Unexpected "
              + found
              + " in expected counts: was expecting "
              + expected
              + " at "
              + parser.currentLocation());
    }
  }
}
