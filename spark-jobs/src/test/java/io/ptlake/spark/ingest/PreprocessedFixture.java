package io.ptlake.spark.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A preprocess output directory written by hand, byte for byte as docs/chunk-format.md describes
 * it, so the job's tests do not depend on the preprocessor and pin the contract from this side.
 */
public final class PreprocessedFixture {
  private final String sourceUri;
  private final Map<String, String> header = new LinkedHashMap<>();
  private final List<String> rates = new ArrayList<>();
  private final List<String> items = new ArrayList<>();
  private final List<String> references = new ArrayList<>();
  private long expectedRows;
  private long undefinedReferenceIds;

  private PreprocessedFixture(String sourceUri) {
    this.sourceUri = sourceUri;
  }

  public static PreprocessedFixture source(String sourceUri) {
    return new PreprocessedFixture(sourceUri);
  }

  public PreprocessedFixture header(String field, String value) {
    header.put(field, value);
    return this;
  }

  /** Rate records: one JSON object each, as the preprocessor writes them. */
  public PreprocessedFixture rates(String... records) {
    rates.addAll(List.of(records));
    return this;
  }

  public PreprocessedFixture items(String... records) {
    items.addAll(List.of(records));
    return this;
  }

  public PreprocessedFixture references(String... records) {
    references.addAll(List.of(records));
    return this;
  }

  public PreprocessedFixture expectedRows(long rows) {
    expectedRows = rows;
    return this;
  }

  public PreprocessedFixture undefinedReferenceIds(long ids) {
    undefinedReferenceIds = ids;
    return this;
  }

  /**
   * The rows the rate records make by docs/chunk-format.md's formula, computed here from the
   * records' JSON (not by the job): Σ over rates of |negotiated_prices| × G, G the inline groups'
   * max(1, |npi|) plus W of each referenced id (1 when no entry defines it), or 1 for a rate with
   * neither; W(id) = Σ over the id's entries of max(1, Σ over its groups of max(1, |npi|)).
   */
  public long rowsByTheFormula() {
    ObjectMapper json = new ObjectMapper();
    try {
      Map<String, Long> weights = new HashMap<>();
      for (String entry : references) {
        JsonNode node = json.readTree(entry);
        weights.merge(node.path("provider_group_id").asText(),
            Math.max(1, groupsWeight(node.path("provider_groups"))), Long::sum);
      }
      long rows = 0;
      for (String rate : rates) {
        JsonNode node = json.readTree(rate);
        long g = groupsWeight(node.path("provider_groups"));
        for (JsonNode id : node.path("provider_references")) {
          g += weights.getOrDefault(id.asText(), 1L);
        }
        boolean neither = node.path("provider_groups").isEmpty()
            && node.path("provider_references").isEmpty();
        rows += node.path("negotiated_prices").size() * (neither ? 1 : g);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long groupsWeight(JsonNode groups) {
    long weight = 0;
    for (JsonNode group : groups) {
      weight += Math.max(1, group.path("npi").size());
    }
    return weight;
  }

  /** Writes the directory as a new folder {@code parent/name}. */
  public Path writeToNew(Path parent, String name) {
    try {
      return writeTo(Files.createDirectory(parent.resolve(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the chunk files, then manifest.json last, into {@code dir}; returns {@code dir}. */
  public Path writeTo(Path dir) {
    try {
      List<String> chunks = new ArrayList<>();
      writeChunk(dir, "in_network", "rates", rates, chunks);
      writeChunk(dir, "in_network_items", "items", items, chunks);
      writeChunk(dir, "provider_references", "provider_references", references, chunks);
      String headerJson = header.entrySet().stream()
          .map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
          .collect(Collectors.joining(", "));
      String manifest = """
          {
            "format": "ptlake-chunks/1",
            "tool_version": "test",
            "source": {"uri": %s, "size_bytes": 1, "compression": "none", "json_bytes": 1},
            "file_type": "in-network-rates",
            "header": {%s},
            "counts": {"in_network_items": %d, "negotiated_rates": %d,
                       "provider_references": %d, "undefined_reference_ids": %d},
            "expected_rows": %d,
            "chunk_codec": "none",
            "chunks": [%s],
            "created_at": "2026-11-26T00:00:00Z"
          }
          """.formatted(quote(sourceUri), headerJson, items.size(), rates.size(),
          references.size(), undefinedReferenceIds, expectedRows, String.join(", ", chunks));
      Files.writeString(dir.resolve("manifest.json"), manifest);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The contract writes no file for an empty chunk set. */
  private static void writeChunk(Path dir, String folder, String kind, List<String> records,
      List<String> chunks) throws IOException {
    if (records.isEmpty()) {
      return;
    }
    String path = folder + "/part-00000.jsonl";
    byte[] bytes = records.stream().map(r -> r + "\n").collect(Collectors.joining())
        .getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve(folder));
    Files.write(dir.resolve(path), bytes);
    chunks.add("{\"path\": " + quote(path) + ", \"kind\": " + quote(kind) + ", \"records\": "
        + records.size() + ", \"bytes\": " + bytes.length + "}");
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
