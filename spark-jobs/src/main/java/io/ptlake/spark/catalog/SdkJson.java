package io.ptlake.spark.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * SDK model objects as the JSON the AWS JSON 1.1 protocol sends: members by their wire names, in
 * the service model's order, unset members left out, map keys sorted. Stable, so a dry run can be
 * reviewed and compared with a golden file.
 */
final class SdkJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private SdkJson() {}

  /** One pretty-printed JSON document of {@code value} (a model object, list, map or scalar). */
  static String write(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));
      json.setPrettyPrinter(pretty);
      writeValue(json, value);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write JSON to a string", e);
    }
    return out.toString();
  }

  static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof SdkPojo pojo) {
      writePojo(json, pojo);
    } else if (value instanceof List<?> list) {
      json.writeStartArray();
      for (Object element : list) {
        writeValue(json, element);
      }
      json.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<String, Object> entry : sorted(map).entrySet()) {
        json.writeFieldName(entry.getKey());
        writeValue(json, entry.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof String text) {
      json.writeString(text);
    } else if (value instanceof Integer number) {
      json.writeNumber(number);
    } else if (value instanceof Long number) {
      json.writeNumber(number);
    } else if (value instanceof Number number) {
      json.writeNumber(number.toString());
    } else if (value instanceof Boolean flag) {
      json.writeBoolean(flag);
    } else if (value instanceof Instant instant) {
      json.writeString(instant.toString());
    } else if (value instanceof SdkBytes bytes) {
      json.writeBinary(bytes.asByteArrayUnsafe());
    } else {
      throw new IllegalArgumentException("Cannot write " + value.getClass() + " as JSON");
    }
  }

  private static void writePojo(JsonGenerator json, SdkPojo pojo) throws IOException {
    json.writeStartObject();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object member = field.getValueOrDefault(pojo);
      if (member == null
          || member instanceof SdkAutoConstructList
          || member instanceof SdkAutoConstructMap) {
        continue;
      }
      json.writeFieldName(field.locationName());
      writeValue(json, member);
    }
    json.writeEndObject();
  }

  private static Map<String, Object> sorted(Map<?, ?> map) {
    Map<String, Object> sorted = new TreeMap<>();
    map.forEach((key, value) -> sorted.put(String.valueOf(key), value));
    return sorted;
  }
}
