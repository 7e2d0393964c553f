package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The streaming pass the two Jackson-based splitters share: the top-level object (its scalars
 * become the header), items whose line stays open while their children go to another part, and
 * the copy of values that may have the wrong JSON type. Only the file type's names and its child
 * records are left to the subclass, so both read the same JSON the same way.
 *
 * <p>Structure errors are thrown as {@link JsonParseException} so that they carry the parser's
 * location like syntax errors do.
 */
abstract class JsonSplitter {
  private static final String ITEM = "item";

  /**
   * How a file type names its items: the top-level array, the item field whose array elements
   * become child records, and the field of the item line that counts them; the element texts
   * appear in errors.
   */
  record ItemLayout(String array, String arrayElement, String children, String childElement,
      String childCount) {}

  final JsonParser p;
  private final ChunkWriter items;
  private final ItemLayout layout;
  private final Map<String, String> header = new LinkedHashMap<>();

  long typeProblemRecords;
  long missingFieldRecords;
  /** Whether the record being copied has a value of the wrong JSON type (see {@link Manifest}). */
  boolean typeProblem;

  JsonSplitter(JsonParser p, ChunkWriter items, ItemLayout layout) {
    this.p = p;
    this.items = items;
    this.layout = layout;
  }

  /** Splits a top-level field the file type knows and returns true; false makes it header. */
  abstract boolean splitTopLevel(String name, JsonToken value) throws IOException;

  /** One element of an item's children array, from its START_OBJECT to its END_OBJECT. */
  abstract void copyChild(long item) throws IOException;

  void split() throws IOException {
    expect(JsonToken.START_OBJECT, p.nextToken(), "the top-level value");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (!splitTopLevel(name, value)) {
        keepHeader(name, value);
      }
    }
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new JsonParseException(
          p, "Expected end of input after the top-level object, found " + describe(trailing));
    }
  }

  /** Every top-level scalar of the source, in source order, as text. */
  public Map<String, String> header() {
    return header;
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

  /**
   * The layout's top-level array; its items are numbered on from {@code nextItem}, and the number
   * after the last is returned.
   */
  final long splitItems(JsonToken value, long nextItem) throws IOException {
    expect(JsonToken.START_ARRAY, value, layout.array());
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(JsonToken.START_OBJECT, element, layout.arrayElement());
      splitItem(nextItem++);
    }
    return nextItem;
  }

  /** The item line stays open in the items part while its children go to their own part. */
  private void splitItem(long item) throws IOException {
    JsonGenerator g = items.startRecord();
    g.writeStartObject();
    g.writeNumberField(ITEM, item);
    long children = 0;
    boolean hasBillingCode = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (layout.children().equals(name)) {
        children += splitChildren(item, value);
      } else {
        hasBillingCode |= TicField.BILLING_CODE.text.equals(name);
        g.writeFieldName(name);
        JsonCopy.copyValue(p, g);
      }
    }
    g.writeNumberField(layout.childCount(), children);
    g.writeEndObject();
    items.endRecord();
    if (!hasBillingCode) {
      missingFieldRecords++;
    }
  }

  private long splitChildren(long item, JsonToken value) throws IOException {
    expect(JsonToken.START_ARRAY, value, layout.children());
    long count = 0;
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(JsonToken.START_OBJECT, element, layout.childElement());
      copyChild(item);
      count++;
    }
    return count;
  }

  /** A child record starts: its item ordinal first, and no type problem seen yet. */
  final void startChild(JsonGenerator g, long item) throws IOException {
    g.writeStartObject();
    g.writeNumberField(ITEM, item);
    typeProblem = false;
  }

  /**
   * Starts copying an array at the current token. Any other value is a type problem: it is copied
   * as it is and false returned, for the caller to count it as empty.
   */
  final boolean startArray(JsonGenerator g) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      typeProblem = true;
      JsonCopy.copyValue(p, g);
      return false;
    }
    g.writeStartArray();
    return true;
  }

  /** As {@link #startArray}, for an object. */
  final boolean startObject(JsonGenerator g) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      typeProblem = true;
      JsonCopy.copyValue(p, g);
      return false;
    }
    g.writeStartObject();
    return true;
  }

  /** Copies an object that may hold an {@code npi} array and returns its number of npi entries. */
  final long copyNpiHolder(JsonGenerator g) throws IOException {
    if (!startObject(g)) {
      return 0;
    }
    long npis = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      g.writeFieldName(name);
      if (TicField.NPI.text.equals(name)) {
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
    if (!startArray(g)) {
      return 0;
    }
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
  final void endRecord(boolean complete) {
    if (typeProblem) {
      typeProblemRecords++;
    }
    if (!complete) {
      missingFieldRecords++;
    }
  }

  final void expect(JsonToken expected, JsonToken found, String what) throws IOException {
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
