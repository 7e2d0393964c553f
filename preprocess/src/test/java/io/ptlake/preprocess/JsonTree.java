package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only JSON tree (ordered maps, lists, strings, BigDecimal numbers), independent of the
 * code under test. BigDecimal keeps the scale, so 20000.00 and 20000.0 differ: comparing trees (or
 * their toString, which is also order-sensitive) checks that number text survived exactly.
 */
final class JsonTree {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonTree() {}

  static Object parse(InputStream in) throws IOException {
    try (JsonParser p = JSON.createParser(in)) {
      p.nextToken();
      Object value = read(p);
      assertThat(p.nextToken()).as("content after the value").isNull();
      return value;
    }
  }

  static Object parse(String json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      Object value = read(p);
      assertThat(p.nextToken()).as("content after the value in " + json).isNull();
      return value;
    }
  }

  private static Object read(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          map.put(name, read(p));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(p));
        }
        return list;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new BigDecimal(p.getText());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return p.getBooleanValue();
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IllegalStateException("Unexpected " + token);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  /** The list, or an empty list for an absent or non-list value. */
  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List<?> ? (List<Object>) value : List.of();
  }
}
