package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The single pass over an allowed-amounts (out-of-network) file: each entry of an item's
 * {@code allowed_amounts} becomes an allowed_amounts record tagged with the item's ordinal, and
 * the item's other fields an out_of_network_items record (docs/chunk-format.md). Like {@link
 * TicSplitter}, nothing is buffered beyond the current token: an item's allowed_amounts (and an
 * entry's payments) are streamed to the chunk as they are read, so memory depends neither on the
 * number of entries of an item nor on key order (an item's scalars may follow its array).
 *
 * <p>Structure errors are thrown as {@link JsonParseException} so that they carry the parser's
 * location like syntax errors do.
 */
final class AllowedAmountsSplitter {
  private static final String OUT_OF_NETWORK = "out_of_network";
  private static final String ALLOWED_AMOUNTS = "allowed_amounts";
  private static final String PAYMENTS = "payments";
  private static final String PROVIDERS = "providers";
  private static final String NPI = "npi";
  private static final String BILLING_CODE = "billing_code";
  private static final String ITEM = "item";
  private static final String ALLOWED_AMOUNTS_COUNT = "allowed_amounts_count";

  private final JsonParser p;
  private final ChunkWriter entries;
  private final ChunkWriter items;
  private final Map<String, String> header = new LinkedHashMap<>();

  private long itemCount;
  private long entryCount;
  private long paymentCount;
  private long providerCount;
  private long npiCount;
  private long typeProblemRecords;
  private long missingFieldRecords;
  private long expectedRows;
  /** Whether the entry being copied has a value of the wrong JSON type. */
  private boolean typeProblem;

  AllowedAmountsSplitter(JsonParser p, Map<ChunkKind, ChunkWriter> writers) {
    this.p = p;
    this.entries = writers.get(ChunkKind.ALLOWED_AMOUNTS);
    this.items = writers.get(ChunkKind.OUT_OF_NETWORK_ITEMS);
  }

  void split() throws IOException {
    expect(JsonToken.START_OBJECT, p.nextToken(), "the top-level value");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case OUT_OF_NETWORK -> splitOutOfNetwork(value);
        case "in_network", "provider_references" -> throw new JsonParseException(
            p, "An allowed-amounts file (it has out_of_network) cannot also hold " + name);
        default -> keepHeader(name, value);
      }
    }
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new JsonParseException(p,
          "Expected end of input after the top-level object, found "
              + TicSplitter.describe(trailing));
    }
  }

  /** Every top-level scalar of the source, in source order, as text. */
  Map<String, String> header() {
    return header;
  }

  /** The manifest's counts, under the {@link Manifest} count names. */
  Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(Manifest.OUT_OF_NETWORK_ITEMS, itemCount);
    counts.put(Manifest.ALLOWED_AMOUNTS, entryCount);
    counts.put(Manifest.PAYMENTS, paymentCount);
    counts.put(Manifest.PROVIDERS, providerCount);
    counts.put(Manifest.PROVIDER_NPIS, npiCount);
    counts.put(Manifest.RECORDS_WITH_TYPE_PROBLEMS, typeProblemRecords);
    counts.put(Manifest.RECORDS_MISSING_FIELDS, missingFieldRecords);
    return counts;
  }

  /**
   * Rows of the exploded allowed-amounts table (item × entry × payment × provider × npi): Σ over
   * payments of max(1, Σ over its providers of max(1, |npi|)).
   */
  long expectedRows() {
    return expectedRows;
  }

  private void keepHeader(String name, JsonToken value) throws IOException {
    if (value.isStructStart()) {
      p.skipChildren();
    } else if (value != JsonToken.VALUE_NULL) {
      String text = p.getText();
      String before = header.put(name, text);
      if (before != null && !before.equals(text)) {
        throw new JsonParseException(
            p, "Top-level field '" + name + "' appears twice with different values");
      }
    }
  }

  private void splitOutOfNetwork(JsonToken value) throws IOException {
    expect(JsonToken.START_ARRAY, value, OUT_OF_NETWORK);
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(JsonToken.START_OBJECT, element, "an out_of_network element");
      splitItem(itemCount++);
    }
  }

  /** The item line stays open in the items part while its entries go to the entries part. */
  private void splitItem(long item) throws IOException {
    JsonGenerator g = items.startRecord();
    g.writeStartObject();
    g.writeNumberField(ITEM, item);
    long itemEntries = 0;
    boolean hasBillingCode = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (ALLOWED_AMOUNTS.equals(name)) {
        itemEntries += splitEntries(item, value);
      } else {
        hasBillingCode |= BILLING_CODE.equals(name);
        g.writeFieldName(name);
        JsonCopy.copyValue(p, g);
      }
    }
    g.writeNumberField(ALLOWED_AMOUNTS_COUNT, itemEntries);
    g.writeEndObject();
    items.endRecord();
    if (!hasBillingCode) {
      missingFieldRecords++;
    }
  }

  private long splitEntries(long item, JsonToken value) throws IOException {
    expect(JsonToken.START_ARRAY, value, ALLOWED_AMOUNTS);
    long count = 0;
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(JsonToken.START_OBJECT, element, "an allowed_amounts element");
      copyEntry(item);
      count++;
    }
    entryCount += count;
    return count;
  }

  /** One allowed_amounts entry, from its START_OBJECT to its END_OBJECT. */
  private void copyEntry(long item) throws IOException {
    JsonGenerator g = entries.startRecord();
    g.writeStartObject();
    g.writeNumberField(ITEM, item);
    typeProblem = false;
    boolean hasPayments = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      g.writeFieldName(name);
      if (PAYMENTS.equals(name)) {
        hasPayments = true;
        copyPayments(g);
      } else {
        JsonCopy.copyValue(p, g);
      }
    }
    g.writeEndObject();
    entries.endRecord();
    if (typeProblem) {
      typeProblemRecords++;
    }
    if (!hasPayments) {
      missingFieldRecords++;
    }
  }

  /** A payments value that is not an array is copied as it is and holds no payment. */
  private void copyPayments(JsonGenerator g) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      typeProblem = true;
      JsonCopy.copyValue(p, g);
      return;
    }
    g.writeStartArray();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      paymentCount++;
      expectedRows += Math.max(1, copyPayment(g));
    }
    g.writeEndArray();
  }

  /** Copies one payment and returns Σ over its providers of max(1, |npi|). */
  private long copyPayment(JsonGenerator g) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      typeProblem = true;
      JsonCopy.copyValue(p, g);
      return 0;
    }
    g.writeStartObject();
    long weight = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      g.writeFieldName(name);
      if (PROVIDERS.equals(name)) {
        weight += copyProviders(g);
      } else {
        JsonCopy.copyValue(p, g);
      }
    }
    g.writeEndObject();
    return weight;
  }

  private long copyProviders(JsonGenerator g) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      typeProblem = true;
      JsonCopy.copyValue(p, g);
      return 0;
    }
    g.writeStartArray();
    long weight = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      providerCount++;
      weight += Math.max(1, copyProvider(g));
    }
    g.writeEndArray();
    return weight;
  }

  /** Copies one provider and returns its number of npi entries. */
  private long copyProvider(JsonGenerator g) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      typeProblem = true;
      JsonCopy.copyValue(p, g);
      return 0;
    }
    g.writeStartObject();
    long npis = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      g.writeFieldName(name);
      if (NPI.equals(name)) {
        npis += copyNpis(g);
      } else {
        JsonCopy.copyValue(p, g);
      }
    }
    g.writeEndObject();
    return npis;
  }

  private long copyNpis(JsonGenerator g) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      typeProblem = true;
      JsonCopy.copyValue(p, g);
      return 0;
    }
    g.writeStartArray();
    long npis = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      typeProblem |= p.currentToken() != JsonToken.VALUE_NUMBER_INT;
      JsonCopy.copyValue(p, g);
      npis++;
    }
    g.writeEndArray();
    npiCount += npis;
    return npis;
  }

  private void expect(JsonToken expected, JsonToken found, String what) throws IOException {
    if (found != expected) {
      throw new JsonParseException(p, "Expected " + what + " to be "
          + TicSplitter.describe(expected) + ", found " + TicSplitter.describe(found));
    }
  }
}
