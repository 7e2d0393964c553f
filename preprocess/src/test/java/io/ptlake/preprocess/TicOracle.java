package io.ptlake.preprocess;

import static io.ptlake.preprocess.JsonTree.list;
import static io.ptlake.preprocess.JsonTree.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
 * A naive, in-memory reading of small source files and of the preprocessor's output: the
 * independent counts, and the check that the chunks hold exactly the source.
 */
final class TicOracle {
  private TicOracle() {}

  static Map<String, Object> readSource(Path file) throws IOException {
    try (InputStream in = open(file)) {
      return map(JsonTree.parse(in));
    }
  }

  /**
   * The contract's counts and expected_rows, computed from the whole tree, for a run that reads
   * local files only: every remote provider file fails to be fetched.
   */
  static Map<String, Long> naiveCounts(Map<String, Object> root) {
    Map<String, Long> weights = new HashMap<>();
    long remote = 0;
    for (Object entry : list(root.get("provider_references"))) {
      long weight = 0;
      for (Object group : list(map(entry).get("provider_groups"))) {
        weight += Math.max(1, list(map(group).get("npi")).size());
      }
      weights.merge(id(map(entry).get("provider_group_id")), Math.max(1, weight), Long::sum);
      remote += map(entry).containsKey("location") ? 1 : 0;
    }
    long items = 0;
    long rates = 0;
    long prices = 0;
    long inlineGroups = 0;
    long rows = 0;
    Set<String> referenced = new HashSet<>();
    for (Object item : list(root.get("in_network"))) {
      items++;
      for (Object rateValue : list(map(item).get("negotiated_rates"))) {
        Map<String, Object> rate = map(rateValue);
        rates++;
        long ratePrices = list(rate.get("negotiated_prices")).size();
        prices += ratePrices;
        List<Object> groups = list(rate.get("provider_groups"));
        List<Object> ids = list(rate.get("provider_references"));
        inlineGroups += groups.size();
        long g = 0;
        for (Object group : groups) {
          g += Math.max(1, list(map(group).get("npi")).size());
        }
        for (Object id : ids) {
          referenced.add(id(id));
          g += weights.getOrDefault(id(id), 1L);
        }
        rows += ratePrices * (groups.isEmpty() && ids.isEmpty() ? 1 : g);
      }
    }
    referenced.removeAll(weights.keySet());
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(Manifest.IN_NETWORK_ITEMS, items);
    counts.put(Manifest.NEGOTIATED_RATES, rates);
    counts.put(Manifest.NEGOTIATED_PRICES, prices);
    counts.put(Manifest.PROVIDER_REFERENCES, (long) list(root.get("provider_references")).size());
    counts.put(Manifest.INLINE_PROVIDER_GROUPS, inlineGroups);
    counts.put(Manifest.REMOTE_PROVIDER_REFERENCES, remote);
    counts.put(Manifest.UNDEFINED_REFERENCE_IDS, (long) referenced.size());
    counts.put(Manifest.RECORDS_WITH_TYPE_PROBLEMS, 0L);
    counts.put(Manifest.RECORDS_MISSING_FIELDS, 0L);
    counts.put(Manifest.REMOTE_REFERENCE_FAILURES, (long) remoteUrls(root).size());
    counts.put(Manifest.REMOTE_PROVIDER_GROUPS, 0L);
    counts.put("expected_rows", rows);
    return counts;
  }

  /** The distinct locations of the remote entries. */
  static Set<Object> remoteUrls(Map<String, Object> root) {
    Set<Object> urls = new HashSet<>();
    for (Object entry : list(root.get("provider_references"))) {
      if (isRemote(map(entry))) {
        urls.add(map(entry).get("location"));
      }
    }
    return urls;
  }

  /** An entry held back for a fetch: an id, a string location, no provider_groups. */
  static boolean isRemote(Map<String, Object> entry) {
    return entry.containsKey("provider_group_id") && entry.get("location") instanceof String
        && !entry.containsKey("provider_groups");
  }

  static Map<String, Long> countsAndRows(Manifest manifest) {
    Map<String, Long> counts = new LinkedHashMap<>(manifest.counts());
    counts.put("expected_rows", manifest.expectedRows());
    return counts;
  }

  /** Every chunk file re-parses, matches its manifest entry, and together they hold the source. */
  static void assertChunksHoldSource(Map<String, Object> source, Path out, Manifest manifest)
      throws IOException {
    Map<ChunkKind, List<Map<String, Object>>> records = readRecords(out, manifest);

    List<Object> expectedItems = new ArrayList<>();
    List<Object> expectedRates = new ArrayList<>();
    List<Object> sourceItems = list(source.get("in_network"));
    for (int i = 0; i < sourceItems.size(); i++) {
      Map<String, Object> item = new LinkedHashMap<>(map(sourceItems.get(i)));
      for (Object rate : list(item.remove("negotiated_rates"))) {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("item", BigDecimal.valueOf(i));
        map(rate).forEach((key, value) -> expected.put(key, key.equals("provider_references")
            ? list(value).stream().map(TicOracle::id).toList() : value));
        expectedRates.add(expected);
      }
      Map<String, Object> expectedItem = new LinkedHashMap<>();
      expectedItem.put("item", BigDecimal.valueOf(i));
      expectedItem.putAll(item);
      expectedItem.put("negotiated_rates_count",
          BigDecimal.valueOf(list(map(sourceItems.get(i)).get("negotiated_rates")).size()));
      expectedItems.add(expectedItem);
    }
    // remote entries whose file is not fetched come after the others, in source order
    List<Object> expectedReferences = new ArrayList<>();
    List<Object> unfetched = new ArrayList<>();
    for (Object entry : list(source.get("provider_references"))) {
      Map<String, Object> expected = new LinkedHashMap<>(map(entry));
      expected.computeIfPresent("provider_group_id", (key, value) -> id(value));
      (isRemote(map(entry)) ? unfetched : expectedReferences).add(expected);
    }
    expectedReferences.addAll(unfetched);
    // toString of ordered maps: an order-sensitive comparison with a readable diff
    assertThat(records.get(ChunkKind.RATES).toString()).isEqualTo(expectedRates.toString());
    assertThat(records.get(ChunkKind.ITEMS).toString()).isEqualTo(expectedItems.toString());
    assertThat(records.get(ChunkKind.PROVIDER_REFERENCES).toString())
        .isEqualTo(expectedReferences.toString());
  }

  /** All records of each kind, in order; checks each file against its manifest entry. */
  static Map<ChunkKind, List<Map<String, Object>>> readRecords(Path out, Manifest manifest)
      throws IOException {
    Map<ChunkKind, List<Map<String, Object>>> records = new TreeMap<>();
    for (ChunkKind kind : ChunkKind.values()) {
      records.put(kind, new ArrayList<>());
    }
    for (Manifest.Chunk chunk : manifest.chunks()) {
      Path file = out.resolve(chunk.path());
      assertThat(Files.size(file)).as(chunk.path()).isEqualTo(chunk.bytes());
      List<String> lines = lines(file);
      assertThat(lines).as(chunk.path()).hasSize((int) chunk.records());
      for (String line : lines) {
        records.get(chunk.kind()).add(map(JsonTree.parse(line)));
      }
    }
    return records;
  }

  static List<String> lines(Path file) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    }
  }

  static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    byte[] magic = new byte[2];
    try (InputStream peek = Files.newInputStream(file)) {
      peek.readNBytes(magic, 0, 2);
    }
    return magic[0] == (byte) 0x1f && magic[1] == (byte) 0x8b ? new GZIPInputStream(in) : in;
  }

  /** The contract's canonical id, written here from its text independently of ProviderIds. */
  static String id(Object value) {
    String text = value.toString();
    try {
      return new BigDecimal(text).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return text;
    }
  }
}
