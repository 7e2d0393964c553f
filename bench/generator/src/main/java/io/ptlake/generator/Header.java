package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** The top-level scalar fields of the file, and the network names the references use. */
final class Header {

  private static final String[] ENTITIES = {
    "Acme Health Insurance Company", "Blue Harbor Health Plan", "Summit Care Mutual",
    "Prairie Health Partners", "Keystone Benefit Administrators", "Cascade Life and Health",
    "Evergreen Health Cooperative", "Northstar Medical Plans"
  };
  private static final String[] SPONSORS = {
    "Riverside Manufacturing Inc.",
    "Golden State Logistics LLC",
    "Lakeshore School District",
    "Pioneer Software Corp.",
    "Harbor City Hospitality Group"
  };
  private static final String[] NETWORK_TIERS = {"Choice", "Select", "Open Access", "Plus"};

  private final String brand;
  private final Map<String, String> fields;

  private Header(String brand, Map<String, String> fields) {
    this.brand = brand;
    this.fields = fields;
  }

  static Header of(GeneratorSpec spec) {
    Random rng = Seeds.random(spec.seed(), Seeds.HEADER, 0);
    String pooled = ENTITIES[rng.nextInt(ENTITIES.length)];
    String entity = spec.reportingEntityName() != null ? spec.reportingEntityName() : pooled;
    String brand = entity.split(" ", 2)[0];
    boolean hios = rng.nextBoolean();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("reporting_entity_name", entity);
    fields.put(
        "reporting_entity_type",
        rng.nextBoolean() ? "health insurance issuer" : "third-party administrator");
    fields.put("plan_name", brand + " PPO " + (2020 + rng.nextInt(6)));
    if (spec.version() == GeneratorSpec.Version.V2) {
      fields.put("issuer_name", entity);
      fields.put("plan_sponsor_name", SPONSORS[rng.nextInt(SPONSORS.length)]);
    }
    fields.put("plan_id_type", hios ? "hios" : "ein");
    fields.put(
        "plan_id",
        hios
            ? Long.toString(1_000_000_000L + rng.nextInt(900_000_000))
            : ProviderGroups.ein(rng.nextInt(1 << 20)));
    fields.put("plan_market_type", hios ? "individual" : "group");
    fields.put("last_updated_on", String.format("2025-%02d-01", 1 + rng.nextInt(12)));
    fields.put("version", spec.version() == GeneratorSpec.Version.V2 ? "2.2.0" : "1.6.2");
    return new Header(brand, fields);
  }

  /** A network name of this payer, e.g. "Acme Choice", picked by the caller's stream. */
  String networkName(Random pick) {
    return brand + ' ' + NETWORK_TIERS[pick.nextInt(NETWORK_TIERS.length)];
  }

  /** The header's fields in file order. */
  Map<String, String> fields() {
    return java.util.Collections.unmodifiableMap(fields);
  }

  void write(JsonGenerator gen) throws IOException {
    for (Map.Entry<String, String> field : fields.entrySet()) {
      gen.writeStringField(field.getKey(), field.getValue());
    }
  }
}
