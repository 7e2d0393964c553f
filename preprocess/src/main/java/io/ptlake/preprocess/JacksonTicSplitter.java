package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The reference splitter of in-network files, on Jackson's parser and generator: what {@link
 * FastTicSplitter} must reproduce byte for byte, and the path that reports a malformed file with
 * its offset, line, column and path. The single pass over an in-network file: splits it into rate, item and reference records and
 * counts as it goes. Top-level keys may come in any order; unknown top-level scalars join the
 * header and unknown containers are skipped. Nothing is buffered beyond the current token, so
 * memory does not depend on the size of an item.
 *
 * <p>Structure errors are thrown as {@link JsonParseException} so that they carry the parser's
 * location like syntax errors do.
 */
final class JacksonTicSplitter extends JsonSplitter implements SplitResult {
  private static final ItemLayout LAYOUT = new ItemLayout(TicField.IN_NETWORK.text,
      "an in_network element", TicField.NEGOTIATED_RATES.text, "a negotiated_rates element",
      "negotiated_rates_count");

  private final ChunkWriter rates;
  private final ReferenceStage references;
  private final JsonGenerator referenceGenerator;
  private final ExpectedRowCounter rows = new ExpectedRowCounter();
  private final SplitCounts counts = new SplitCounts();


  JacksonTicSplitter(JsonParser p, Map<ChunkKind, ChunkWriter> writers) throws IOException {
    super(p, writers.get(ChunkKind.ITEMS), LAYOUT);
    this.rates = writers.get(ChunkKind.RATES);
    this.references = new ReferenceStage(writers.get(ChunkKind.PROVIDER_REFERENCES));
    this.referenceGenerator = TicJson.FACTORY.createGenerator(references.stream());
  }

  @Override
  boolean splitTopLevel(String name, JsonToken value) throws IOException {
    switch (TicField.of(name)) {
      case IN_NETWORK -> counts.items = splitItems(value, counts.items);
      case PROVIDER_REFERENCES -> splitProviderReferences(value);
      case OUT_OF_NETWORK -> throw new AllowedAmountsFile();
      default -> {
        return false;
      }
    }
    return true;
  }

  @Override
  public Map<String, Long> counts() {
    return counts.toMap(rows.undefinedReferenceIds(), typeProblemRecords, missingFieldRecords);
  }

  @Override
  public ExpectedRowCounter rows() {
    return rows;
  }

  @Override
  public List<ReferenceStage.RemoteEntry> remoteEntries() {
    return references.remoteEntries();
  }

  /** One rate: a self-contained step. */
  @Override
  void copyChild(long item) throws IOException {
    JsonGenerator g = rates.startRecord();
    rows.startRate();
    startChild(g, item);
    counts.rates++;
    boolean hasPrices = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      g.writeFieldName(name);
      switch (TicField.of(name)) {
        case PROVIDER_REFERENCES -> copyReferencedIds(g, value);
        case PROVIDER_GROUPS -> rows.inlineGroups(copyGroups(g, true));
        case NEGOTIATED_PRICES -> {
          hasPrices = true;
          typeProblem |= value != JsonToken.START_ARRAY;
          long prices = JsonCopy.copyCountingElements(p, g);
          counts.prices += prices;
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
    if (!startArray(g)) {
      return 0;
    }
    long weight = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      weight += Math.max(1, copyNpiHolder(g));
      if (inline) {
        counts.inlineGroups++;
      }
    }
    g.writeEndArray();
    return weight;
  }

  private void splitProviderReferences(JsonToken value) throws IOException {
    expect(JsonToken.START_ARRAY, value, TicField.PROVIDER_REFERENCES.text);
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(JsonToken.START_OBJECT, element, "a provider_references element");
      copyReference();
      counts.references++;
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
      switch (TicField.of(name)) {
        case PROVIDER_GROUP_ID -> {
          id = canonicalId(value, TicField.PROVIDER_GROUP_ID.text);
          g.writeString(id);
        }
        case PROVIDER_GROUPS -> {
          hasGroups = true;
          weight += copyGroups(g, false);
        }
        case LOCATION -> {
          counts.remoteReferences++;
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
}
