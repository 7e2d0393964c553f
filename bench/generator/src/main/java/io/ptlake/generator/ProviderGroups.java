package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Random;

/**
 * A {@code provider_groups} array, drawn in two steps: its shape (how many NPIs each group has),
 * which is all the row count needs, then its content. Callers that only need the weight stop after
 * the shape, so a reference's weight is known long before (or after) its bytes are written.
 */
final class ProviderGroups {

  /** Shape entry for {@code "npi": [0]}: one row, with npi 0. */
  static final int TIN_LEVEL = -1;

  /** NPIs and TINs are drawn from pools shared by every file, so payers share providers. */
  static final int NPI_POOL = 400_000;

  static final int TIN_POOL = 40_000;
  private static final String[] SURNAMES = {
    "Anderson", "Baker", "Castillo", "Dawson", "Ellis", "Fischer", "Garcia", "Hughes", "Iverson",
    "Jensen", "Kowalski", "Lee", "Morales", "Nguyen", "Okafor", "Patel", "Quinn", "Russo",
    "Schmidt", "Tanaka", "Underwood", "Vasquez", "Whitaker", "Young"
  };
  private static final String[] PRACTICES = {
    "Family Medicine",
    "Orthopedics",
    "Cardiology",
    "Imaging",
    "Pediatrics",
    "Surgical Associates",
    "Women's Health",
    "Behavioral Health",
    "Physical Therapy",
    "Gastroenterology",
    "Dermatology",
    "Urgent Care"
  };
  private static final String[] SUFFIXES = {"LLC", "PC", "PA", "Group", "Partners", "Clinic"};

  private ProviderGroups() {}

  static int[] drawShape(Random rng, Count groups, GeneratorSpec spec) {
    int[] shape = new int[groups.draw(rng)];
    double empty = spec.emptyNpiGroupFraction();
    double tinLevel = empty + spec.tinLevelGroupFraction();
    for (int i = 0; i < shape.length; i++) {
      double kind = rng.nextDouble();
      shape[i] = kind < empty ? 0 : kind < tinLevel ? TIN_LEVEL : spec.npisPerGroup().draw(rng);
    }
    return shape;
  }

  /** Σ over groups of max(1, |npi|): the contract's rows per price for these groups. */
  static long weight(int[] shape) {
    long weight = 0;
    for (int npis : shape) {
      weight += Math.max(1, npis);
    }
    return weight;
  }

  /** Writes the array whose shape was drawn from {@code rng}, continuing with the same stream. */
  static void write(JsonGenerator gen, int[] shape, Random rng, GeneratorSpec.Version version)
      throws IOException {
    gen.writeArrayFieldStart("provider_groups");
    for (int npis : shape) {
      gen.writeStartObject();
      gen.writeArrayFieldStart("npi");
      if (npis == TIN_LEVEL) {
        gen.writeNumber(0);
      }
      for (int i = 0; i < npis; i++) {
        gen.writeNumber(npi(rng.nextInt(NPI_POOL)));
      }
      gen.writeEndArray();
      writeTin(gen, rng, version);
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  private static void writeTin(JsonGenerator gen, Random rng, GeneratorSpec.Version version)
      throws IOException {
    gen.writeObjectFieldStart("tin");
    if (rng.nextInt(10) == 0) {
      // Sole practitioners report their NPI in place of an SSN.
      gen.writeStringField("type", "npi");
      gen.writeStringField("value", Long.toString(npi(rng.nextInt(NPI_POOL))));
    } else {
      int tin = rng.nextInt(TIN_POOL);
      gen.writeStringField("type", "ein");
      gen.writeStringField("value", ein(tin));
      if (version == GeneratorSpec.Version.V2) {
        gen.writeStringField("business_name", businessName(tin));
      }
    }
    gen.writeEndObject();
  }

  /** A 10-digit NPI starting with 1, the same for the same pool index in every file. */
  static long npi(int poolIndex) {
    return 1_000_000_000L + Math.floorMod(Seeds.mix(0, 0, poolIndex), 900_000_000L);
  }

  /** An EIN in the "12-3456789" form. */
  static String ein(int poolIndex) {
    long digits = 100_000_000L + Math.floorMod(Seeds.mix(1, 0, poolIndex), 900_000_000L);
    String text = Long.toString(digits);
    return text.substring(0, 2) + '-' + text.substring(2);
  }

  private static String businessName(int tin) {
    return SURNAMES[tin % SURNAMES.length]
        + ' '
        + PRACTICES[(tin / SURNAMES.length) % PRACTICES.length]
        + ' '
        + SUFFIXES[(tin / 7) % SUFFIXES.length];
  }
}
