package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single pass over an in-network file: splits it into rate, item and reference records and
 * counts as it goes. Top-level keys may come in any order; unknown top-level scalars join the
 * header and unknown containers are skipped. Nothing is buffered beyond the current token, so
 * memory does not depend on the size of an item.
 *
 * <p>Structure errors are thrown as {@link JsonParseException} so that they carry the parser's
 * location like syntax errors do.
 */
final class TicSplitter implements SplitResult {
  private static final String IN_NETWORK = "in_network";
  private static final String PROVIDER_REFERENCES = "provider_references";
  private static final String OUT_OF_NETWORK = "out_of_network";
  private static final String NEGOTIATED_RATES = "negotiated_rates";
  private static final String NEGOTIATED_PRICES = "negotiated_prices";
  private static final String PROVIDER_GROUPS = "provider_groups";
  private static final String PROVIDER_GROUP_ID = "provider_group_id";
  private static final String NPI = "npi";
  private static final String BILLING_CODE = "billing_code";
  private static final String LOCATION = "location";
  private static final String ITEM = "item";
  private static final String NEGOTIATED_RATES_COUNT = "negotiated_rates_count";

  private final JsonParser p;
  private final ChunkWriter rates;
  private final ChunkWriter items;
  private final ReferenceStage references;
  private final JsonGenerator referenceGenerator;
  private final ExpectedRowCounter rows = new ExpectedRowCounter();
  private final Map<String, String> header = new LinkedHashMap<>();

  private long itemCount;
  private long rateCount;
  private long priceCount;
  private long referenceCount;
  private long inlineGroupCount;
  private long remoteReferenceCount;
  private long typeProblemRecords;
  private long missingFieldRecords;
  /** Whether the record being copied has a value of the wrong JSON type (see {@link Manifest}). */
  private boolean typeProblem;

  TicSplitter(JsonParser p, Map<ChunkKind, ChunkWriter> writers) throws IOException {
    this.p = p;
    this.rates = writers.get(ChunkKind.RATES);
    this.items = writers.get(ChunkKind.ITEMS);
    this.references = new ReferenceStage(writers.get(ChunkKind.PROVIDER_REFERENCES));
    this.referenceGenerator = TicJson.FACTORY.createGenerator(references.stream());
  }

  void split() throws IOException {
    expect(JsonToken.START_OBJECT, p.nextToken(), "the top-level value");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case IN_NETWORK -> splitInNetwork(value);
        case PROVIDER_REFERENCES -> splitProviderReferences(value);
        case OUT_OF_NETWORK -> throw new AllowedAmountsFile();
        default -> keepHeader(name, value);
      }
    }
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new JsonParseException(
          p, "Expected end of input after the top-level object, found " + describe(trailing));
    }
  }

  @Override
  public Map<String, String> header() {
    return header;
  }

  @Override
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(Manifest.IN_NETWORK_ITEMS, itemCount);
    counts.put(Manifest.NEGOTIATED_RATES, rateCount);
    counts.put(Manifest.NEGOTIATED_PRICES, priceCount);
    counts.put(Manifest.PROVIDER_REFERENCES, referenceCount);
    counts.put(Manifest.INLINE_PROVIDER_GROUPS, inlineGroupCount);
    counts.put(Manifest.REMOTE_PROVIDER_REFERENCES, remoteReferenceCount);
    counts.put(Manifest.UNDEFINED_REFERENCE_IDS, rows.undefinedReferenceIds());
    counts.put(Manifest.RECORDS_WITH_TYPE_PROBLEMS, typeProblemRecords);
    counts.put(Manifest.RECORDS_MISSING_FIELDS, missingFieldRecords);
    return counts;
  }

  @Override
  public ExpectedRowCounter rows() {
    return rows;
  }

  @Override
  public List<ReferenceStage.RemoteEntry> remoteEntries() {
    return references.remoteEntries();
  }

  private void keepHeader(String name, JsonToken value) throws IOException {
    if (value.isStructStart()) {
      p.skipChildren();
    } else if (value != JsonToken.VALUE_NULL) {
      String text = p.getText();
      String before = header.put(name, text);
      if (before != null && !before.equals(text)) {
        // Which one the tables should carry is not for the splitter to guess.
        throw new JsonParseException(
            p, "Top-level field '" + name + "' appears twice with different values");
      }
    }
  }

  private void splitInNetwork(JsonToken value) throws IOException {
    expect(JsonToken.START_ARRAY, value, IN_NETWORK);
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(JsonToken.START_OBJECT, element, "an in_network element");
      splitItem(itemCount++);
    }
  }

  /** The item line stays open in the items part while its rates go to the rates part. */
  private void splitItem(long item) throws IOException {
    JsonGenerator g = items.startRecord();
    g.writeStartObject();
    g.writeNumberField(ITEM, item);
    long itemRates = 0;
    boolean hasBillingCode = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (NEGOTIATED_RATES.equals(name)) {
        itemRates += splitRates(item, value);
      } else {
        hasBillingCode |= BILLING_CODE.equals(name);
        g.writeFieldName(name);
        JsonCopy.copyValue(p, g);
      }
    }
    g.writeNumberField(NEGOTIATED_RATES_COUNT, itemRates);
    g.writeEndObject();
    items.endRecord();
    if (!hasBillingCode) {
      missingFieldRecords++;
    }
  }

  private long splitRates(long item, JsonToken value) throws IOException {
    expect(JsonToken.START_ARRAY, value, NEGOTIATED_RATES);
    long count = 0;
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(JsonToken.START_OBJECT, element, "a negotiated_rates element");
      copyRate(item);
      count++;
    }
    rateCount += count;
    return count;
  }

  /** One rate, from its START_OBJECT to its END_OBJECT: a self-contained step. */
  private void copyRate(long item) throws IOException {
    JsonGenerator g = rates.startRecord();
    rows.startRate();
    g.writeStartObject();
    g.writeNumberField(ITEM, item);
    typeProblem = false;
    boolean hasPrices = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      g.writeFieldName(name);
      switch (name) {
        case PROVIDER_REFERENCES -> copyReferencedIds(g, value);
        case PROVIDER_GROUPS -> rows.inlineGroups(copyGroups(g, true));
        case NEGOTIATED_PRICES -> {
          hasPrices = true;
          typeProblem |= value != JsonToken.START_ARRAY;
          long prices = JsonCopy.copyCountingElements(p, g);
          priceCount += prices;
          rows.prices(prices);
        }
        default -> JsonCopy.copyValue(p, g);
      }
    }
    g.writeEndObject();
    rates.endRecord();
    rows.endRate();
    endRecord(hasPrices);
  }

  private void copyReferencedIds(JsonGenerator g, JsonToken value) throws IOException {
    expect(JsonToken.START_ARRAY, value, "a rate's provider_references");
    g.writeStartArray();
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      String id = canonicalId(element, "a provider_references entry");
      rows.referenceId(id);
      g.writeString(id);
    }
    g.writeEndArray();
  }

  /**
   * Copies a provider_groups value and returns Σ over its groups of max(1, |npi|), the weight the
   * row formula gives it. A value that is not an array is copied as it is and holds no group.
   */
  private long copyGroups(JsonGenerator g, boolean inline) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      typeProblem = true;
      JsonCopy.copyValue(p, g);
      return 0;
    }
    g.writeStartArray();
    long weight = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      weight += Math.max(1, copyGroup(g));
      if (inline) {
        inlineGroupCount++;
      }
    }
    g.writeEndArray();
    return weight;
  }

  /** Copies one group and returns its number of npi entries. */
  private long copyGroup(JsonGenerator g) throws IOException {
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

  /** Copies an npi value and returns its number of entries, noting any that is not an integer. */
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
    return npis;
  }

  /** Counts the record just written under the manifest's problem counts. */
  private void endRecord(boolean complete) {
    if (typeProblem) {
      typeProblemRecords++;
    }
    if (!complete) {
      missingFieldRecords++;
    }
  }

  private void splitProviderReferences(JsonToken value) throws IOException {
    expect(JsonToken.START_ARRAY, value, PROVIDER_REFERENCES);
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(JsonToken.START_OBJECT, element, "a provider_references element");
      copyReference();
      referenceCount++;
    }
  }

  /** A remote entry (a location, no groups) is held back: its id is defined after the fetch. */
  private void copyReference() throws IOException {
    references.start();
    JsonGenerator g = referenceGenerator;
    g.writeStartObject();
    typeProblem = false;
    String id = null;
    String location = null;
    boolean hasGroups = false;
    long weight = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      g.writeFieldName(name);
      switch (name) {
        case PROVIDER_GROUP_ID -> {
          id = canonicalId(value, PROVIDER_GROUP_ID);
          g.writeString(id);
        }
        case PROVIDER_GROUPS -> {
          hasGroups = true;
          weight += copyGroups(g, false);
        }
        case LOCATION -> {
          remoteReferenceCount++;
          location = value == JsonToken.VALUE_STRING ? p.getText() : null;
          JsonCopy.copyValue(p, g);
        }
        default -> JsonCopy.copyValue(p, g);
      }
    }
    g.writeEndObject();
    g.flush();
    boolean held = references.end(id, location, hasGroups);
    if (id != null && !held) {
      rows.defineId(id, weight);
    }
    endRecord(id != null);
  }

  private String canonicalId(JsonToken token, String what) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT
        && token != JsonToken.VALUE_NUMBER_FLOAT
        && token != JsonToken.VALUE_STRING) {
      throw new JsonParseException(
          p, "Expected " + what + " to be a number or a string, found " + describe(token));
    }
    return ProviderIds.canonical(p.getText());
  }

  private void expect(JsonToken expected, JsonToken found, String what) throws IOException {
    if (found != expected) {
      throw new JsonParseException(
          p, "Expected " + what + " to be " + describe(expected) + ", found " + describe(found));
    }
  }

  static String describe(JsonToken token) {
    if (token == null) {
      return "end of input";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> "'" + token.asString() + "'";
    };
  }
}
