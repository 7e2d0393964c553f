package io.ptlake.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A literal reading of small TiC files, written from docs/chunk-format.md's row rules and sharing
 * no code with the pipeline: the oracle the analyst queries' results are computed from in the
 * tests. Remote provider references are taken as failed (an entry without groups), as a run
 * that reads local files only records them.
 */
public final class SampleRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One in_network_rates row. {@code npi} is null for a price without a provider. */
  public record RateRow(String payer, String billingCode, Long npi, String negotiatedType,
      BigDecimal rate) {}

  /** One rates row: item × negotiated rate × price. */
  public record PriceRow(String billingCode, BigDecimal rate) {}

  /** One allowed_amounts row. */
  public record AllowedRow(String payer, String billingCode, Long npi, BigDecimal allowed,
      BigDecimal billed) {}

  private SampleRows() {}

  public static JsonNode read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return JSON.readTree(in);
    }
  }

  /** The rows of an in-network file: each price once per NPI of each slot of its rate. */
  public static List<RateRow> inNetwork(Path file) throws IOException {
    JsonNode root = read(file);
    String payer = root.path("reporting_entity_name").asText();
    Map<String, List<JsonNode>> entries = new HashMap<>();
    for (JsonNode entry : root.path("provider_references")) {
      entries.computeIfAbsent(id(entry.get("provider_group_id")), key -> new ArrayList<>())
          .add(entry);
    }
    List<RateRow> rows = new ArrayList<>();
    for (JsonNode item : root.path("in_network")) {
      String code = item.path("billing_code").asText();
      for (JsonNode rate : item.path("negotiated_rates")) {
        List<Long> npis = new ArrayList<>();
        for (JsonNode id : rate.path("provider_references")) {
          List<JsonNode> defining = entries.getOrDefault(id(id), List.of());
          if (defining.isEmpty()) {
            npis.add(null);
          }
          for (JsonNode entry : defining) {
            if (entry.path("provider_groups").isEmpty()) {
              // An entry without groups (a failed remote file) keeps its prices, without NPI.
              npis.add(null);
            }
            addGroups(entry.path("provider_groups"), npis);
          }
        }
        addGroups(rate.path("provider_groups"), npis);
        if (npis.isEmpty()) {
          npis.add(null);
        }
        for (JsonNode price : rate.path("negotiated_prices")) {
          for (Long npi : npis) {
            rows.add(new RateRow(payer, code, npi, price.path("negotiated_type").asText(),
                new BigDecimal(price.path("negotiated_rate").asText())));
          }
        }
      }
    }
    return rows;
  }

  /** The rates (normalized) rows of an in-network file: one per item × rate × price. */
  public static List<PriceRow> prices(Path file) throws IOException {
    List<PriceRow> rows = new ArrayList<>();
    for (JsonNode item : read(file).path("in_network")) {
      for (JsonNode rate : item.path("negotiated_rates")) {
        for (JsonNode price : rate.path("negotiated_prices")) {
          rows.add(new PriceRow(item.path("billing_code").asText(),
              new BigDecimal(price.path("negotiated_rate").asText())));
        }
      }
    }
    return rows;
  }

  /** The rows of an allowed-amounts file: item × entry × payment × provider × NPI. */
  public static List<AllowedRow> allowed(Path file) throws IOException {
    JsonNode root = read(file);
    String payer = root.path("reporting_entity_name").asText();
    List<AllowedRow> rows = new ArrayList<>();
    for (JsonNode item : root.path("out_of_network")) {
      String code = item.path("billing_code").asText();
      for (JsonNode entry : item.path("allowed_amounts")) {
        for (JsonNode payment : entry.path("payments")) {
          BigDecimal allowed = new BigDecimal(payment.path("allowed_amount").asText());
          int before = rows.size();
          for (JsonNode provider : payment.path("providers")) {
            BigDecimal billed = new BigDecimal(provider.path("billed_charge").asText());
            if (provider.path("npi").isEmpty()) {
              rows.add(new AllowedRow(payer, code, null, allowed, billed));
            }
            for (JsonNode npi : provider.path("npi")) {
              rows.add(new AllowedRow(payer, code, npi.asLong(), allowed, billed));
            }
          }
          if (rows.size() == before) {
            rows.add(new AllowedRow(payer, code, null, allowed, null));
          }
        }
      }
    }
    return rows;
  }

  /** One NPI per entry of each group's list, or one null for a group without NPIs. */
  private static void addGroups(JsonNode groups, List<Long> npis) {
    for (JsonNode group : groups) {
      if (group.path("npi").isEmpty()) {
        npis.add(null);
      }
      for (JsonNode npi : group.path("npi")) {
        npis.add(npi.asLong());
      }
    }
  }

  private static String id(JsonNode id) {
    return new BigDecimal(id.asText()).stripTrailingZeros().toPlainString();
  }
}
