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
 * JacksonTicSplitter}, nothing is buffered beyond the current token: an item's allowed_amounts (and an
 * entry's payments) are streamed to the chunk as they are read, so memory depends neither on the
 * number of entries of an item nor on key order (an item's scalars may follow its array).
 */
final class AllowedAmountsSplitter extends JsonSplitter {
  private static final String OUT_OF_NETWORK = "out_of_network";
  private static final String ALLOWED_AMOUNTS = "allowed_amounts";
  private static final String PAYMENTS = "payments";
  private static final String PROVIDERS = "providers";
  private static final ItemLayout LAYOUT = new ItemLayout(OUT_OF_NETWORK,
      "an out_of_network element", ALLOWED_AMOUNTS, "an allowed_amounts element",
      "allowed_amounts_count");

  private final ChunkWriter entries;

  private long itemCount;
  private long entryCount;
  private long paymentCount;
  private long providerCount;
  private long npiCount;
  private long expectedRows;

  AllowedAmountsSplitter(JsonParser p, Map<ChunkKind, ChunkWriter> writers) {
    super(p, writers.get(ChunkKind.OUT_OF_NETWORK_ITEMS), LAYOUT);
    this.entries = writers.get(ChunkKind.ALLOWED_AMOUNTS);
  }

  @Override
  boolean splitTopLevel(String name, JsonToken value) throws IOException {
    switch (name) {
      case OUT_OF_NETWORK -> itemCount = splitItems(value, itemCount);
      case "in_network", "provider_references" -> throw new JsonParseException(
          p, "An allowed-amounts file (it has out_of_network) cannot also hold " + name);
      default -> {
        return false;
      }
    }
    return true;
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

  /** One allowed_amounts entry. */
  @Override
  void copyChild(long item) throws IOException {
    JsonGenerator g = entries.startRecord();
    startChild(g, item);
    entryCount++;
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
    endRecord(hasPayments);
  }

  /** A payments value that is not an array is copied as it is and holds no payment. */
  private void copyPayments(JsonGenerator g) throws IOException {
    if (!startArray(g)) {
      return;
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      paymentCount++;
      expectedRows += Math.max(1, copyPayment(g));
    }
    g.writeEndArray();
  }

  /** Copies one payment and returns Σ over its providers of max(1, |npi|). */
  private long copyPayment(JsonGenerator g) throws IOException {
    if (!startObject(g)) {
      return 0;
    }
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
    if (!startArray(g)) {
      return 0;
    }
    long weight = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      providerCount++;
      long npis = copyNpiHolder(g);
      npiCount += npis;
      weight += Math.max(1, npis);
    }
    g.writeEndArray();
    return weight;
  }
}
