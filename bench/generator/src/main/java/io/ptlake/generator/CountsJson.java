package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The layout of a generated file's {@code .expected.json}: named counts in a fixed order, then the
 * expected rows by billing code. Shared by the in-network and allowed-amounts counts, so both
 * sidecars read and fail alike.
 */
final class CountsJson {
  static final String BY_CODE = "expected_rows_by_billing_code";

  /** What {@link #read} found: the counts in the order of the names asked for, and by code. */
  record Parsed(long[] values, SortedMap<String, Long> byCode) {}

  private CountsJson() {}

  /** Pretty JSON with "\n" line ends (the same bytes on every OS), ending in a newline. */
  static String write(String[] names, long[] values, SortedMap<String, Long> byCode) {
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = Json.generator(out, true)) {
      gen.writeStartObject();
      for (int i = 0; i < names.length; i++) {
        gen.writeNumberField(names[i], values[i]);
      }
      gen.writeObjectFieldStart(BY_CODE);
      for (var entry : byCode.entrySet()) {
        gen.writeNumberField(entry.getKey(), entry.getValue());
      }
      gen.writeEndObject();
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  /** Reads what {@link #write} wrote; every name is required and no other field is allowed. */
  static Parsed read(String json, String[] names) {
    long[] values = new long[names.length];
    boolean[] seen = new boolean[names.length];
    SortedMap<String, Long> byCode = null;
    try (JsonParser parser = Json.FACTORY.createParser(json)) {
      expect(parser, parser.nextToken(), JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (name.equals(BY_CODE)) {
          byCode = readByCode(parser);
          continue;
        }
        int index = indexOf(names, name, parser);
        expect(parser, parser.nextToken(), JsonToken.VALUE_NUMBER_INT);
        values[index] = parser.getLongValue();
        seen[index] = true;
      }
      for (int i = 0; i < names.length; i++) {
        if (!seen[i]) {
          throw new IllegalArgumentException(
              "Missing field '" + names[i] + "' in expected counts");
        }
      }
      if (byCode == null) {
        throw new IllegalArgumentException("Missing field '" + BY_CODE + "' in expected counts");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read expected counts: " + e.getMessage(), e);
    }
    return new Parsed(values, byCode);
  }

  private static int indexOf(String[] names, String name, JsonParser parser) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
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
