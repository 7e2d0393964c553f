package io.ptlake.generator;

import java.util.Objects;

/**
 * Everything that shapes one generated in-network file. Immutable; build it with {@link
 * #builder()}, where every knob has a default. The same spec (seed included) always gives the same
 * bytes.
 *
 * <p>Fractions are probabilities in [0, 1] applied independently to each rate, reference, group or
 * item they describe. Sizes are in bytes of uncompressed JSON.
 */
public final class GeneratorSpec {

  /** Schema family: the shape of the header, references, groups and prices. */
  public enum Version {
    /** 1.x (v1.6.2): plan_* header, inline provider_groups on rates, remote {@code location}. */
    V1,
    /** 2.x (v2.2.0): issuer/sponsor header, network_name, business_name, setting, SOI. */
    V2
  }

  /** Where the top-level {@code provider_references} array is, relative to {@code in_network}. */
  public enum ReferencesPlacement {
    FIRST,
    LAST,
    /** No array: 1.x rates then use inline groups only, 2.x rates reference undefined ids. */
    ABSENT
  }

  /** Whether the top-level scalars (reporting_entity_name, version, …) open or close the file. */
  public enum HeaderPlacement {
    START,
    END
  }

  /**
   * A named set of the content knobs, applied by {@link Builder#shape}; a knob set after it
   * overrides its value.
   */
  public enum Shape {
    /** The builder's own defaults: groups of 1 to 25 NPIs, 1 to 3 prices per rate. */
    DEFAULT,
    /**
     * Where real payer files spend their bytes: heavy-tailed provider groups (most of 50 to a few
     * hundred NPIs, some of thousands), many small price objects with runs of two-character
     * service codes, and rates that refer to several groups. Most bytes are then NPI arrays of
     * 10-digit numbers, and a rate explodes to thousands of rows (docs/generator.md).
     */
    PAYER_LIKE
  }

  /** Bytes in one MB of the CLI's sizes: binary megabytes, as {@code ls -h} counts them. */
  public static final long BYTES_PER_MB = 1024L * 1024L;

  private final long seed;
  private final Version version;
  private final int itemCount;
  private final long targetBytes;
  private final Count ratesPerItem;
  private final Count pricesPerRate;
  private final int providerReferenceCount;
  private final Count referencesPerRate;
  private final Count groupsPerReference;
  private final Count inlineGroupsPerRate;
  private final Count npisPerGroup;
  private final Count serviceCodesPerPrice;
  private final double inlineGroupFraction;
  private final double remoteReferenceFraction;
  private final double undefinedReferenceFraction;
  private final double emptyNpiGroupFraction;
  private final double tinLevelGroupFraction;
  private final double emptyReferenceFraction;
  private final double duplicateReferenceFraction;
  private final double scalarsAfterRatesFraction;
  private final double repeatedInlineGroupsFraction;
  private final ReferencesPlacement referencesPlacement;
  private final HeaderPlacement headerPlacement;
  private final boolean pretty;
  private final boolean gzip;
  private final int gzipLevel;
  private final int giantItemCount;
  private final long giantItemBytes;
  private final boolean giantScalarsAfterRates;
  private final boolean repeatBillingCodes;
  private final String reportingEntityName;

  private GeneratorSpec(Builder b) {
    this.seed = b.seed;
    this.version = b.version;
    this.itemCount = b.itemCount;
    this.targetBytes = b.targetBytes;
    this.ratesPerItem = b.ratesPerItem;
    this.pricesPerRate = b.pricesPerRate;
    this.providerReferenceCount = b.providerReferenceCount;
    this.referencesPerRate = b.referencesPerRate;
    this.groupsPerReference = b.groupsPerReference;
    this.inlineGroupsPerRate = b.inlineGroupsPerRate;
    this.npisPerGroup = b.npisPerGroup;
    this.serviceCodesPerPrice = b.serviceCodesPerPrice;
    this.inlineGroupFraction = v1Only(b.version, "inlineGroupFraction", b.inlineGroupFraction, 0.3);
    this.remoteReferenceFraction =
        v1Only(b.version, "remoteReferenceFraction", b.remoteReferenceFraction, 0.01);
    this.undefinedReferenceFraction = b.undefinedReferenceFraction;
    this.emptyNpiGroupFraction = b.emptyNpiGroupFraction;
    this.tinLevelGroupFraction = b.tinLevelGroupFraction;
    this.emptyReferenceFraction = b.emptyReferenceFraction;
    this.duplicateReferenceFraction = b.duplicateReferenceFraction;
    this.scalarsAfterRatesFraction = b.scalarsAfterRatesFraction;
    this.repeatedInlineGroupsFraction = b.repeatedInlineGroupsFraction;
    this.referencesPlacement = b.referencesPlacement;
    this.headerPlacement = b.headerPlacement;
    this.pretty = b.pretty;
    this.gzip = b.gzip;
    this.gzipLevel = b.gzipLevel;
    this.giantItemCount = b.giantItemCount;
    this.giantItemBytes = b.giantItemBytes;
    this.giantScalarsAfterRates = b.giantScalarsAfterRates;
    this.repeatBillingCodes = b.repeatBillingCodes;
    this.reportingEntityName = b.reportingEntityName;
    if (inlineGroupsPerRate.min() < 1) {
      // An empty inline provider_groups array is neither "no groups" nor a group: avoid the case.
      throw new IllegalArgumentException(
          "Cannot use inlineGroupsPerRate " + inlineGroupsPerRate + " because its minimum is 0");
    }
    if (referencesPerRate.min() < 1) {
      // Likewise an empty provider_references array on a rate.
      throw new IllegalArgumentException(
          "Cannot use referencesPerRate " + referencesPerRate + " because its minimum is 0");
    }
    if (targetBytes == 0 && itemCount < giantItemCount) {
      throw new IllegalArgumentException(
          "Cannot write "
              + giantItemCount
              + " giant items because itemCount is "
              + itemCount
              + " and counts them");
    }
    if (giantItemCount > 0 && giantItemBytes <= 0) {
      throw new IllegalArgumentException(
          "Cannot write giant items because giantItemBytes is " + giantItemBytes);
    }
  }

  /** The default of a 1.x-only fraction, which 2.x files cannot have at all. */
  private static double v1Only(Version version, String knob, Double value, double v1Default) {
    if (version == Version.V1) {
      return value == null ? v1Default : value;
    }
    if (value != null && value > 0) {
      throw new IllegalArgumentException(
          "Cannot use " + knob + " " + value + " with V2 because 2.x files have no such element");
    }
    return 0;
  }

  public static Builder builder() {
    return new Builder();
  }

  public long seed() {
    return seed;
  }

  public Version version() {
    return version;
  }

  /** Items to write, giant items included; used only when {@link #targetBytes()} is 0. */
  public int itemCount() {
    return itemCount;
  }

  /** Uncompressed size to reach; 0 means "write {@link #itemCount()} items" instead. */
  public long targetBytes() {
    return targetBytes;
  }

  public Count ratesPerItem() {
    return ratesPerItem;
  }

  public Count pricesPerRate() {
    return pricesPerRate;
  }

  /** Distinct ids 1..N in provider_references (the undefined ids rates use lie above N). */
  public int providerReferenceCount() {
    return providerReferenceCount;
  }

  public Count referencesPerRate() {
    return referencesPerRate;
  }

  public Count groupsPerReference() {
    return groupsPerReference;
  }

  public Count inlineGroupsPerRate() {
    return inlineGroupsPerRate;
  }

  public Count npisPerGroup() {
    return npisPerGroup;
  }

  /**
   * Codes in a professional price's service_code list, consecutive in the place-of-service
   * table; null (the default) keeps the classic draw: "CSTM-00" once in five, else 1 to 3 codes.
   */
  public Count serviceCodesPerPrice() {
    return serviceCodesPerPrice;
  }

  /** Share of rates carrying inline provider_groups instead of references (1.x only). */
  public double inlineGroupFraction() {
    return inlineGroupFraction;
  }

  /** Share of reference entries that are a remote {@code location} instead of groups (1.x only). */
  public double remoteReferenceFraction() {
    return remoteReferenceFraction;
  }

  /** Share of a rate's referenced ids that no provider_references entry defines. */
  public double undefinedReferenceFraction() {
    return undefinedReferenceFraction;
  }

  /** Share of groups with {@code "npi": []}. */
  public double emptyNpiGroupFraction() {
    return emptyNpiGroupFraction;
  }

  /** Share of groups with {@code "npi": [0]}: contracts made at the TIN level only. */
  public double tinLevelGroupFraction() {
    return tinLevelGroupFraction;
  }

  /** Share of reference entries with {@code "provider_groups": []}. */
  public double emptyReferenceFraction() {
    return emptyReferenceFraction;
  }

  /** Share of ids whose reference entry appears a second time, with other groups. */
  public double duplicateReferenceFraction() {
    return duplicateReferenceFraction;
  }

  /** Share of ordinary items whose scalar fields follow their negotiated_rates. */
  public double scalarsAfterRatesFraction() {
    return scalarsAfterRatesFraction;
  }

  /**
   * Share of inline rates that list the same provider_groups as the item's previous inline rate:
   * one provider's contract with other prices. Such nearby repeats are what lets real files whose
   * bytes are mostly NPIs compress about 9:1.
   */
  public double repeatedInlineGroupsFraction() {
    return repeatedInlineGroupsFraction;
  }

  public ReferencesPlacement referencesPlacement() {
    return referencesPlacement;
  }

  public HeaderPlacement headerPlacement() {
    return headerPlacement;
  }

  public boolean pretty() {
    return pretty;
  }

  public boolean gzip() {
    return gzip;
  }

  /** Deflate level 1 (fastest) to 9 (smallest); 6 is zlib's default and what most payers ship. */
  public int gzipLevel() {
    return gzipLevel;
  }

  /**
   * Items whose negotiated_rates alone reach {@link #giantItemBytes()}, spread through the file.
   */
  public int giantItemCount() {
    return giantItemCount;
  }

  public long giantItemBytes() {
    return giantItemBytes;
  }

  /** Whether giant items put their scalars after their rates: the case that defeats buffering. */
  public boolean giantScalarsAfterRates() {
    return giantScalarsAfterRates;
  }

  /** Draw billing codes from a small pool (codes repeat) instead of one code per item. */
  public boolean repeatBillingCodes() {
    return repeatBillingCodes;
  }

  /** The reporting entity; null means one picked from a pool by the seed. */
  public String reportingEntityName() {
    return reportingEntityName;
  }

  @Override
  public String toString() {
    return "GeneratorSpec{seed="
        + seed
        + ", version="
        + version
        + (targetBytes > 0 ? ", targetBytes=" + targetBytes : ", itemCount=" + itemCount)
        + ", refs="
        + referencesPlacement
        + ", header="
        + headerPlacement
        + ", pretty="
        + pretty
        + ", gzip="
        + gzip
        + ", giantItems="
        + giantItemCount
        + "}";
  }

  /** Builder; every setter checks its value at once so errors name the knob. */
  public static final class Builder {
    private long seed = 42;
    private Version version = Version.V1;
    private int itemCount = 1000;
    private long targetBytes;
    private Count ratesPerItem = IntRange.of(1, 20);
    private Count pricesPerRate = IntRange.of(1, 3);
    private int providerReferenceCount = 1000;
    private Count referencesPerRate = IntRange.of(1, 3);
    private Count groupsPerReference = IntRange.of(1, 4);
    private Count inlineGroupsPerRate = IntRange.of(1, 3);
    private Count npisPerGroup = IntRange.of(1, 25);
    private Count serviceCodesPerPrice;
    // null: the version's default (see v1Only), so a V2 builder needs no explicit zeroes.
    private Double inlineGroupFraction;
    private Double remoteReferenceFraction;
    private double undefinedReferenceFraction = 0.01;
    private double emptyNpiGroupFraction = 0.02;
    private double tinLevelGroupFraction = 0.03;
    private double emptyReferenceFraction = 0.01;
    private double duplicateReferenceFraction;
    private double scalarsAfterRatesFraction;
    private double repeatedInlineGroupsFraction;
    private ReferencesPlacement referencesPlacement = ReferencesPlacement.FIRST;
    private HeaderPlacement headerPlacement = HeaderPlacement.START;
    private boolean pretty;
    private boolean gzip;
    private int gzipLevel = 6;
    private int giantItemCount;
    private long giantItemBytes = 64 * BYTES_PER_MB;
    private boolean giantScalarsAfterRates = true;
    private boolean repeatBillingCodes;
    private String reportingEntityName;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder version(Version version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** Write exactly this many items (giant ones included); clears a size target. */
    public Builder items(int count) {
      this.itemCount = nonNegative("items", count);
      this.targetBytes = 0;
      return this;
    }

    /** Write items until the uncompressed JSON reaches this size; replaces an item count. */
    public Builder targetBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("Cannot use targetBytes " + bytes + ": must be > 0");
      }
      this.targetBytes = bytes;
      return this;
    }

    /** Sets every knob the shape names (see {@link Shape}); later setters override them. */
    public Builder shape(Shape shape) {
      Builder from = Objects.requireNonNull(shape, "shape") == Shape.DEFAULT
          ? new Builder()
          : payerLike();
      ratesPerItem = from.ratesPerItem;
      pricesPerRate = from.pricesPerRate;
      providerReferenceCount = from.providerReferenceCount;
      referencesPerRate = from.referencesPerRate;
      groupsPerReference = from.groupsPerReference;
      inlineGroupsPerRate = from.inlineGroupsPerRate;
      npisPerGroup = from.npisPerGroup;
      serviceCodesPerPrice = from.serviceCodesPerPrice;
      repeatedInlineGroupsFraction = from.repeatedInlineGroupsFraction;
      return this;
    }

    private static Builder payerLike() {
      Builder b = new Builder();
      b.ratesPerItem = new Count.HeavyTail(1, 400, 0.8);
      b.pricesPerRate = new Count.HeavyTail(1, 40, 1.2);
      b.providerReferenceCount = 1000;
      b.referencesPerRate = new Count.HeavyTail(1, 40, 1.2);
      b.groupsPerReference = IntRange.of(1, 3);
      b.inlineGroupsPerRate = IntRange.of(1, 2);
      b.npisPerGroup = new Count.HeavyTail(50, 5000, 1.1);
      b.serviceCodesPerPrice =
          new Count.HeavyTail(1, ItemWriter.PLACE_OF_SERVICE_TABLE.length, 0.8);
      b.repeatedInlineGroupsFraction = 0.9;
      return b;
    }

    public Builder ratesPerItem(Count range) {
      this.ratesPerItem = Objects.requireNonNull(range, "ratesPerItem");
      return this;
    }

    public Builder pricesPerRate(Count range) {
      this.pricesPerRate = Objects.requireNonNull(range, "pricesPerRate");
      return this;
    }

    public Builder providerReferences(int count) {
      this.providerReferenceCount = nonNegative("providerReferences", count);
      return this;
    }

    public Builder referencesPerRate(Count range) {
      this.referencesPerRate = Objects.requireNonNull(range, "referencesPerRate");
      return this;
    }

    public Builder groupsPerReference(Count range) {
      this.groupsPerReference = Objects.requireNonNull(range, "groupsPerReference");
      return this;
    }

    public Builder inlineGroupsPerRate(Count range) {
      this.inlineGroupsPerRate = Objects.requireNonNull(range, "inlineGroupsPerRate");
      return this;
    }

    public Builder npisPerGroup(Count range) {
      this.npisPerGroup = Objects.requireNonNull(range, "npisPerGroup");
      return this;
    }

    /** null restores the classic draw (see {@link GeneratorSpec#serviceCodesPerPrice()}). */
    public Builder serviceCodesPerPrice(Count count) {
      if (count != null && (count.min() < 1 || count.max() > ItemWriter.PLACE_OF_SERVICE_TABLE.length)) {
        throw new IllegalArgumentException("Cannot use serviceCodesPerPrice " + count
            + " because it must lie in 1.." + ItemWriter.PLACE_OF_SERVICE_TABLE.length);
      }
      this.serviceCodesPerPrice = count;
      return this;
    }

    public Builder inlineGroupFraction(double fraction) {
      this.inlineGroupFraction = fraction("inlineGroupFraction", fraction);
      return this;
    }

    public Builder remoteReferenceFraction(double fraction) {
      this.remoteReferenceFraction = fraction("remoteReferenceFraction", fraction);
      return this;
    }

    public Builder undefinedReferenceFraction(double fraction) {
      this.undefinedReferenceFraction = fraction("undefinedReferenceFraction", fraction);
      return this;
    }

    public Builder emptyNpiGroupFraction(double fraction) {
      this.emptyNpiGroupFraction = fraction("emptyNpiGroupFraction", fraction);
      return this;
    }

    public Builder tinLevelGroupFraction(double fraction) {
      this.tinLevelGroupFraction = fraction("tinLevelGroupFraction", fraction);
      return this;
    }

    public Builder emptyReferenceFraction(double fraction) {
      this.emptyReferenceFraction = fraction("emptyReferenceFraction", fraction);
      return this;
    }

    public Builder duplicateReferenceFraction(double fraction) {
      this.duplicateReferenceFraction = fraction("duplicateReferenceFraction", fraction);
      return this;
    }

    public Builder scalarsAfterRatesFraction(double fraction) {
      this.scalarsAfterRatesFraction = fraction("scalarsAfterRatesFraction", fraction);
      return this;
    }

    public Builder repeatedInlineGroupsFraction(double fraction) {
      this.repeatedInlineGroupsFraction = fraction("repeatedInlineGroupsFraction", fraction);
      return this;
    }

    public Builder references(ReferencesPlacement placement) {
      this.referencesPlacement = Objects.requireNonNull(placement, "referencesPlacement");
      return this;
    }

    public Builder header(HeaderPlacement placement) {
      this.headerPlacement = Objects.requireNonNull(placement, "headerPlacement");
      return this;
    }

    public Builder pretty(boolean pretty) {
      this.pretty = pretty;
      return this;
    }

    public Builder gzip(boolean gzip) {
      this.gzip = gzip;
      return this;
    }

    public Builder gzipLevel(int level) {
      if (level < 1 || level > 9) {
        throw new IllegalArgumentException("Cannot use gzipLevel " + level + ": must be 1..9");
      }
      this.gzipLevel = level;
      return this;
    }

    /** {@code count} items whose negotiated_rates array alone reaches {@code bytesEach}. */
    public Builder giantItems(int count, long bytesEach) {
      this.giantItemCount = nonNegative("giantItems", count);
      this.giantItemBytes = bytesEach;
      return this;
    }

    public Builder giantScalarsAfterRates(boolean after) {
      this.giantScalarsAfterRates = after;
      return this;
    }

    public Builder repeatBillingCodes(boolean repeat) {
      this.repeatBillingCodes = repeat;
      return this;
    }

    public Builder reportingEntityName(String name) {
      this.reportingEntityName = name;
      return this;
    }

    public GeneratorSpec build() {
      return new GeneratorSpec(this);
    }

    private static int nonNegative(String knob, int value) {
      if (value < 0) {
        throw new IllegalArgumentException("Cannot use " + knob + " " + value + ": must be >= 0");
      }
      return value;
    }

    /** Shared with {@link AllowedAmountsSpec}: one wording for a value out of [0, 1]. */
    static double fraction(String knob, double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException(
            "Cannot use " + knob + " " + value + ": must be a fraction in [0, 1]");
      }
      return value;
    }
  }
}
