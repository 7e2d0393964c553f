package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Writes in_network items one at a time, straight to the generator: nothing of an item is held, so
 * a giant item costs no more memory than a small one. Counts what it writes in the {@link Tally},
 * rows included, from the same draws that produce the bytes.
 */
final class ItemWriter {

  private static final String[] PLACES_OF_SERVICE = {
    "11", "22", "19", "21", "23", "02", "10", "12", "49", "81"
  };
  /** CMS's place-of-service codes, in order: a payer listing "every office setting" lists a run. */
  static final String[] PLACE_OF_SERVICE_TABLE = {
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15",
    "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "31", "32", "33",
    "34", "41", "42", "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61",
    "62", "65", "66", "71", "72", "81", "99"
  };
  private static final String[][] MODIFIERS = {
    {"26"}, {"TC"}, {"25"}, {"59"}, {"AS"}, {"26", "59"}
  };
  private static final String[] EXPIRATIONS = {
    "2025-12-31", "2026-06-30", "2026-12-31", "2027-03-31"
  };
  private static final String[] SEVERITIES = {"Minor", "Moderate", "Major", "Extreme"};
  private static final String[] SETTINGS = {"inpatient", "outpatient", "both"};
  private static final String[] NEGOTIATED_TYPES = {
    "negotiated", "fee schedule", "derived", "percentage", "per diem"
  };

  /** Cumulative odds of each type, for {@link #pick}: mostly plain negotiated prices. */
  private static final double[] NEGOTIATED_TYPE_ODDS = {0.70, 0.82, 0.90, 0.95, 1.0};

  private static final String[] BILLING_CLASSES = {"professional", "institutional", "both"};
  private static final double[] BILLING_CLASS_ODDS = {0.55, 0.90, 1.0};

  /** The item's fields other than negotiated_rates, drawn before any rate. */
  private record Details(
      String arrangement,
      BillingCodes.Code code,
      String severity,
      BillingCodes.Code[] contained,
      boolean afterRates) {}

  private final JsonGenerator gen;
  private final GeneratorSpec spec;
  private final ReferenceModel references;
  private final BillingCodes codes;
  private final Tally tally;
  private final LongSupplier position;

  /** The item's last inline groups, for a rate that repeats them: their shape and content seed. */
  private int[] lastShape;
  private long lastContentSeed;

  /** {@code position} gives the uncompressed bytes written so far, for sizing giant items. */
  ItemWriter(
      JsonGenerator gen,
      GeneratorSpec spec,
      ReferenceModel references,
      Tally tally,
      LongSupplier position) {
    this.gen = gen;
    this.spec = spec;
    this.references = references;
    this.codes = new BillingCodes(spec);
    this.tally = tally;
    this.position = position;
  }

  void write(long ordinal, boolean giant) throws IOException {
    Random rng = Seeds.random(spec.seed(), Seeds.ITEM, ordinal);
    lastShape = null;
    Details details = drawDetails(rng, giant);
    gen.writeStartObject();
    if (!details.afterRates()) {
      writeDetails(details);
    }
    long rows = writeRates(rng, details.code(), giant);
    if (details.afterRates()) {
      writeDetails(details);
    }
    gen.writeEndObject();
    tally.item(details.code().code(), rows);
  }

  private Details drawDetails(Random rng, boolean giant) {
    BillingCodes.Code code = codes.next(rng);
    double kind = rng.nextDouble();
    String arrangement = kind < 0.02 ? "bundle" : kind < 0.03 ? "capitation" : "ffs";
    BillingCodes.Code[] contained =
        new BillingCodes.Code[arrangement.equals("ffs") ? 0 : 2 + rng.nextInt(3)];
    for (int i = 0; i < contained.length; i++) {
      contained[i] = BillingCodes.WELL_KNOWN.get(rng.nextInt(BillingCodes.WELL_KNOWN.size()));
    }
    String severity =
        spec.version() == GeneratorSpec.Version.V2 && rng.nextInt(20) == 0
            ? SEVERITIES[rng.nextInt(SEVERITIES.length)]
            : null;
    boolean afterRates =
        giant ? spec.giantScalarsAfterRates() : rng.nextDouble() < spec.scalarsAfterRatesFraction();
    return new Details(arrangement, code, severity, contained, afterRates);
  }

  private void writeDetails(Details details) throws IOException {
    gen.writeStringField("negotiation_arrangement", details.arrangement());
    gen.writeStringField("name", details.code().name());
    writeCodeFields(details.code());
    if (details.severity() != null) {
      gen.writeStringField("severity_of_illness", details.severity());
    }
    if (details.contained().length > 0) {
      gen.writeArrayFieldStart(
          details.arrangement().equals("bundle") ? "bundled_codes" : "covered_services");
      for (BillingCodes.Code code : details.contained()) {
        gen.writeStartObject();
        writeCodeFields(code);
        gen.writeEndObject();
      }
      gen.writeEndArray();
    }
  }

  private void writeCodeFields(BillingCodes.Code code) throws IOException {
    gen.writeStringField("billing_code_type", code.type());
    gen.writeStringField("billing_code_type_version", "2025");
    gen.writeStringField("billing_code", code.code());
    gen.writeStringField("description", code.description());
  }

  /** Returns the item's rows. A giant item writes rates until the array alone is big enough. */
  private long writeRates(Random rng, BillingCodes.Code code, boolean giant) throws IOException {
    gen.writeArrayFieldStart("negotiated_rates");
    long rows = 0;
    if (giant) {
      long start = position.getAsLong();
      do {
        rows += writeRate(rng, code);
      } while (position.getAsLong() - start < spec.giantItemBytes());
    } else {
      for (int n = spec.ratesPerItem().draw(rng); n > 0; n--) {
        rows += writeRate(rng, code);
      }
    }
    gen.writeEndArray();
    return rows;
  }

  /** Writes one negotiated rate; returns its rows, |prices| × G(r). */
  private long writeRate(Random rng, BillingCodes.Code code) throws IOException {
    gen.writeStartObject();
    boolean inline =
        !references.ratesUseReferences() || rng.nextDouble() < spec.inlineGroupFraction();
    long groupWeight = inline ? writeInlineGroups(rng) : writeReferences(rng);
    int prices = spec.pricesPerRate().draw(rng);
    // One provider's rates sit together above or below the code's usual price.
    double providerFactor = 0.55 + 1.65 * rng.nextDouble();
    gen.writeArrayFieldStart("negotiated_prices");
    for (int i = 0; i < prices; i++) {
      writePrice(rng, code, providerFactor);
    }
    gen.writeEndArray();
    gen.writeEndObject();
    tally.rates++;
    tally.prices += prices;
    return prices * groupWeight;
  }

  /**
   * A rate's inline groups. With repeats on, a rate may list the same groups as the item's
   * previous inline rate (one provider's contract, other prices): the content then comes from a
   * seed of its own so that it can be written again. Without repeats the draws are the classic
   * ones, so the default files keep their bytes.
   */
  private long writeInlineGroups(Random rng) throws IOException {
    double repeat = spec.repeatedInlineGroupsFraction();
    int[] shape;
    if (repeat == 0) {
      shape = ProviderGroups.drawShape(rng, spec.inlineGroupsPerRate(), spec);
      ProviderGroups.write(gen, shape, rng, spec.version());
    } else {
      if (lastShape == null || rng.nextDouble() >= repeat) {
        lastShape = ProviderGroups.drawShape(rng, spec.inlineGroupsPerRate(), spec);
        lastContentSeed = rng.nextLong();
      }
      shape = lastShape;
      ProviderGroups.write(gen, shape, new Random(lastContentSeed), spec.version());
    }
    tally.inlineGroups += shape.length;
    return ProviderGroups.weight(shape);
  }

  private long writeReferences(Random rng) throws IOException {
    long weight = 0;
    gen.writeArrayFieldStart("provider_references");
    for (int n = spec.referencesPerRate().draw(rng); n > 0; n--) {
      int id = references.pickId(rng);
      gen.writeNumber(id);
      weight += references.weight(id);
    }
    gen.writeEndArray();
    return weight;
  }

  private void writePrice(Random rng, BillingCodes.Code code, double providerFactor)
      throws IOException {
    double kind = rng.nextDouble();
    String type = pick(NEGOTIATED_TYPES, NEGOTIATED_TYPE_ODDS, kind);
    double billing = rng.nextDouble();
    String billingClass =
        type.equals("per diem")
            ? "institutional"
            : pick(BILLING_CLASSES, BILLING_CLASS_ODDS, billing);
    String[] modifier = rng.nextInt(8) == 0 ? MODIFIERS[rng.nextInt(MODIFIERS.length)] : null;
    long cents =
        switch (type) {
          case "percentage" -> 3_500 + rng.nextInt(6_000);
          case "per diem" -> 150_000 + rng.nextInt(300_000);
          default ->
              Math.max(
                  1,
                  Math.round(
                      code.baseCents()
                          * providerFactor
                          * (0.9 + 0.2 * rng.nextDouble())
                          * modifierFactor(modifier)));
        };
    gen.writeStartObject();
    gen.writeStringField("negotiated_type", type);
    gen.writeFieldName("negotiated_rate");
    // Exact decimal text: the pipeline must keep it as written, never as a rounded double.
    gen.writeNumber(cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100);
    gen.writeStringField(
        "expiration_date",
        rng.nextInt(10) < 7 ? "9999-12-31" : EXPIRATIONS[rng.nextInt(EXPIRATIONS.length)]);
    if (billingClass.equals("professional") || billingClass.equals("both") && rng.nextBoolean()) {
      writeServiceCodes(rng);
    }
    gen.writeStringField("billing_class", billingClass);
    if (spec.version() == GeneratorSpec.Version.V2) {
      gen.writeStringField(
          "setting",
          type.equals("per diem") ? "inpatient" : SETTINGS[rng.nextInt(SETTINGS.length)]);
    }
    if (modifier != null) {
      gen.writeArrayFieldStart("billing_code_modifier");
      for (String m : modifier) {
        gen.writeString(m);
      }
      gen.writeEndArray();
    }
    gen.writeEndObject();
  }

  /** The value whose cumulative odds first exceed {@code draw}, a uniform number in [0, 1). */
  private static String pick(String[] values, double[] cumulativeOdds, double draw) {
    int i = 0;
    while (draw >= cumulativeOdds[i]) {
      i++;
    }
    return values[i];
  }

  /** Professional-only (26) and technical-only (TC) components pay a share of the global fee. */
  private static double modifierFactor(String[] modifier) {
    if (modifier == null) {
      return 1;
    }
    return switch (modifier[0]) {
      case "26" -> 0.4;
      case "TC" -> 0.6;
      default -> 1;
    };
  }

  private void writeServiceCodes(Random rng) throws IOException {
    gen.writeArrayFieldStart("service_code");
    Count codes = spec.serviceCodesPerPrice();
    if (codes != null) {
      int n = codes.draw(rng);
      int first = rng.nextInt(PLACE_OF_SERVICE_TABLE.length - n + 1);
      for (int i = 0; i < n; i++) {
        gen.writeString(PLACE_OF_SERVICE_TABLE[first + i]);
      }
    } else if (rng.nextInt(5) == 0) {
      gen.writeString("CSTM-00");
    } else {
      int first = rng.nextInt(PLACES_OF_SERVICE.length);
      for (int n = 1 + rng.nextInt(3), i = 0; i < n; i++) {
        gen.writeString(PLACES_OF_SERVICE[(first + i) % PLACES_OF_SERVICE.length]);
      }
    }
    gen.writeEndArray();
  }
}
