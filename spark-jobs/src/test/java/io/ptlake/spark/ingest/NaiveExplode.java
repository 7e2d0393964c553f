package io.ptlake.spark.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * The rows of a small in-network file by a naive reading: the whole JSON tree in memory, exploded
 * by docs/chunk-format.md's row rules written out literally (every price kept; an undefined id, an
 * entry without groups and a group with an empty npi list each give a row with null provider
 * columns; a rate with neither references nor groups gives one). It shares no code with the
 * preprocessor or the job, so the table agreeing with it means both are right. Remote entries
 * count as failed fetches (a local run): an entry without groups.
 */
public final class NaiveExplode {
  /** The table's columns that {@link #rows} gives, in its order, as SQL over the table. */
  public static final String COLUMNS = "billing_code, provider_group_id, CAST(npi AS STRING), tin_type,"
      + " tin_value, negotiated_type, CAST(negotiated_rate AS STRING),"
      + " CAST(expiration_date AS STRING), billing_class, array_join(service_code, ','),"
      + " array_join(billing_code_modifier, ',')";
  /** The table's decimal scale of negotiated_rate. */
  private static final int RATE_SCALE = 10;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private NaiveExplode() {}

  /** The index of npi in {@link #COLUMNS}. */
  public static final int NPI = 2;

  /**
   * The file's rows as {@code |}-joined {@link #COLUMNS} cells (null as null), sorted; a
   * {@code .gz} file is read through gzip.
   */
  public static List<String> rows(Path file) throws IOException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = JSON.readTree(file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in);
    }
    Map<String, List<JsonNode>> entries = new HashMap<>();
    for (JsonNode entry : root.path("provider_references")) {
      entries.computeIfAbsent(id(entry.path("provider_group_id")), id -> new ArrayList<>())
          .add(entry);
    }
    List<String> rows = new ArrayList<>();
    for (JsonNode item : root.path("in_network")) {
      for (JsonNode rate : item.path("negotiated_rates")) {
        List<List<String>> providers = providers(rate, entries);
        for (JsonNode price : rate.path("negotiated_prices")) {
          for (List<String> provider : providers) {
            List<String> row = new ArrayList<>();
            row.add(text(item.path("billing_code")));
            row.addAll(provider);
            row.add(text(price.path("negotiated_type")));
            JsonNode amount = price.path("negotiated_rate");
            row.add(amount.isMissingNode() ? null
                : new BigDecimal(amount.asText()).setScale(RATE_SCALE).toPlainString());
            row.add(text(price.path("expiration_date")));
            row.add(text(price.path("billing_class")));
            row.add(joined(price.path("service_code")));
            row.add(joined(price.path("billing_code_modifier")));
            rows.add(row.stream().map(String::valueOf).collect(Collectors.joining("|")));
          }
        }
      }
    }
    return rows.stream().sorted().toList();
  }

  /** A rate's provider cells per row of each price: provider_group_id, npi, tin type and value. */
  private static List<List<String>> providers(JsonNode rate, Map<String, List<JsonNode>> entries) {
    List<List<String>> providers = new ArrayList<>();
    for (JsonNode reference : rate.path("provider_references")) {
      String id = id(reference);
      List<JsonNode> defined = entries.getOrDefault(id, List.of());
      if (defined.isEmpty()) {
        providers.add(Arrays.asList(id, null, null, null));
      }
      for (JsonNode entry : defined) {
        if (entry.path("provider_groups").isEmpty()) {
          providers.add(Arrays.asList(id, null, null, null));
        }
        groups(id, entry.path("provider_groups"), providers);
      }
    }
    groups(null, rate.path("provider_groups"), providers);
    if (providers.isEmpty()) {
      providers.add(Arrays.asList(null, null, null, null));
    }
    return providers;
  }

  private static void groups(String id, JsonNode groups, List<List<String>> providers) {
    for (JsonNode group : groups) {
      String type = text(group.path("tin").path("type"));
      String value = text(group.path("tin").path("value"));
      if (group.path("npi").isEmpty()) {
        providers.add(Arrays.asList(id, null, type, value));
      }
      for (JsonNode npi : group.path("npi")) {
        providers.add(Arrays.asList(id, npi.asText(), type, value));
      }
    }
  }

  /** The contract's canonical id: a number in plain form without trailing zeros. */
  private static String id(JsonNode id) {
    return id.isNumber() ? id.decimalValue().stripTrailingZeros().toPlainString() : id.asText();
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  private static String joined(JsonNode array) {
    if (array.isMissingNode()) {
      return null;
    }
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return String.join(",", values);
  }
}
