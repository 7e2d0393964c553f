package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A naive reference reading of a small generated file: the whole JSON is loaded into maps and
 * lists, then counted with docs/chunk-format.md's formula written out literally. It shares no code
 * with the generator, so agreement means the generator's own bookkeeping is right.
 */
final class TicFileOracle {

  final Map<String, Object> root;
  final long jsonBytes;

  private TicFileOracle(Map<String, Object> root, long jsonBytes) {
    this.root = root;
    this.jsonBytes = jsonBytes;
  }

  static TicFileOracle read(Path file) throws IOException {
    return read(Files.readAllBytes(file));
  }

  /** Reads plain or gzip JSON, told apart by the gzip magic bytes. */
  @SuppressWarnings("unchecked")
  static TicFileOracle read(byte[] bytes) throws IOException {
    byte[] json = isGzip(bytes) ? gunzip(bytes) : bytes;
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      parser.nextToken();
      Map<String, Object> root = (Map<String, Object>) value(parser);
      if (parser.nextToken() != null) {
        throw new IllegalStateException("Trailing content after the root object");
      }
      return new TicFileOracle(root, json.length);
    }
  }

  static boolean isGzip(byte[] bytes) {
    return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
  }

  static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (map.put(name, value(p)) != null) {
            throw new IllegalStateException("Duplicate key " + name + " at " + p.currentLocation());
          }
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(p));
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
      default ->
          throw new IllegalStateException("Unexpected " + token + " at " + p.currentLocation());
    }
  }

  /** The counts as the contract defines them, computed from the file alone. */
  ExpectedCounts counts() {
    Map<String, Long> w = new HashMap<>();
    long remote = 0;
    for (Map<String, Object> entry : objects(root.get("provider_references"))) {
      if (entry.containsKey("location")) {
        remote++;
      }
      long groups = 0;
      for (Map<String, Object> group : objects(entry.get("provider_groups"))) {
        groups += Math.max(1, list(group.get("npi")).size());
      }
      w.merge(canonical(entry.get("provider_group_id")), Math.max(1, groups), Long::sum);
    }
    long items = 0;
    long rates = 0;
    long prices = 0;
    long inline = 0;
    long rows = 0;
    Set<String> undefined = new HashSet<>();
    TreeMap<String, Long> byCode = new TreeMap<>();
    for (Map<String, Object> item : objects(root.get("in_network"))) {
      items++;
      long itemRows = 0;
      for (Map<String, Object> rate : objects(item.get("negotiated_rates"))) {
        rates++;
        long g = 0;
        List<Map<String, Object>> groups = objects(rate.get("provider_groups"));
        List<Object> refs = list(rate.get("provider_references"));
        for (Map<String, Object> group : groups) {
          g += Math.max(1, list(group.get("npi")).size());
        }
        for (Object id : refs) {
          String key = canonical(id);
          if (!w.containsKey(key)) {
            undefined.add(key);
          }
          g += w.getOrDefault(key, 1L);
        }
        if (groups.isEmpty() && refs.isEmpty()) {
          g = 1;
        }
        inline += groups.size();
        int n = list(rate.get("negotiated_prices")).size();
        prices += n;
        itemRows += n * g;
      }
      rows += itemRows;
      byCode.merge((String) item.get("billing_code"), itemRows, Long::sum);
    }
    return new ExpectedCounts(
        items,
        rates,
        prices,
        objects(root.get("provider_references")).size(),
        inline,
        remote,
        undefined.size(),
        rows,
        items > 100_000 ? new TreeMap<>() : byCode,
        jsonBytes);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects(Object array) {
    return (List<Map<String, Object>>) (List<?>) list(array);
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object array) {
    return array == null ? List.of() : (List<Object>) array;
  }

  private static String canonical(Object id) {
    return new BigDecimal(id.toString()).stripTrailingZeros().toPlainString();
  }
}
