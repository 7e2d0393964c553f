package io.ptlake.generator;

import java.util.Objects;

/**
 * Everything that shapes one generated allowed-amounts (out-of-network) file. Immutable; build it
 * with {@link #builder()}, where every knob has a default. The same spec (seed included) always
 * gives the same bytes.
 *
 * <p>The header and the billing codes are those of the in-network file generated with the same
 * seed, version and reporting entity ({@link #inNetworkTwin}): an allowed-amounts file and an
 * in-network file of one payer share its plan, its month and its well-known codes, so in-network
 * rates and out-of-network allowed amounts can be compared on them.
 */
public final class AllowedAmountsSpec {
  private final long seed;
  private final GeneratorSpec.Version version;
  private final int itemCount;
  private final long targetBytes;
  private final Count entriesPerItem;
  private final Count paymentsPerEntry;
  private final Count providersPerPayment;
  private final Count npisPerProvider;
  private final double emptyPaymentsFraction;
  private final double emptyProvidersFraction;
  private final double emptyNpiFraction;
  private final double scalarsAfterFraction;
  private final GeneratorSpec.HeaderPlacement headerPlacement;
  private final boolean pretty;
  private final boolean gzip;
  private final int gzipLevel;
  private final String reportingEntityName;

  private AllowedAmountsSpec(Builder b) {
    this.seed = b.seed;
    this.version = b.version;
    this.itemCount = b.itemCount;
    this.targetBytes = b.targetBytes;
    this.entriesPerItem = b.entriesPerItem;
    this.paymentsPerEntry = b.paymentsPerEntry;
    this.providersPerPayment = b.providersPerPayment;
    this.npisPerProvider = b.npisPerProvider;
    this.emptyPaymentsFraction = b.emptyPaymentsFraction;
    this.emptyProvidersFraction = b.emptyProvidersFraction;
    this.emptyNpiFraction = b.emptyNpiFraction;
    this.scalarsAfterFraction = b.scalarsAfterFraction;
    this.headerPlacement = b.headerPlacement;
    this.pretty = b.pretty;
    this.gzip = b.gzip;
    this.gzipLevel = b.gzipLevel;
    this.reportingEntityName = b.reportingEntityName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The in-network spec whose header and billing codes this file shares. */
  GeneratorSpec inNetworkTwin() {
    return GeneratorSpec.builder()
        .seed(seed)
        .version(version)
        .reportingEntityName(reportingEntityName)
        .build();
  }

  public long seed() {
    return seed;
  }

  public GeneratorSpec.Version version() {
    return version;
  }

  /** Items to write; unused when {@link #targetBytes()} is set. */
  public int itemCount() {
    return itemCount;
  }

  /** Uncompressed bytes to reach, or 0 to write {@link #itemCount()} items. */
  public long targetBytes() {
    return targetBytes;
  }

  public Count entriesPerItem() {
    return entriesPerItem;
  }

  public Count paymentsPerEntry() {
    return paymentsPerEntry;
  }

  public Count providersPerPayment() {
    return providersPerPayment;
  }

  public Count npisPerProvider() {
    return npisPerProvider;
  }

  /** Share of entries with {@code "payments": []}: they give no row. */
  public double emptyPaymentsFraction() {
    return emptyPaymentsFraction;
  }

  /** Share of payments with {@code "providers": []}: one row each, provider columns null. */
  public double emptyProvidersFraction() {
    return emptyProvidersFraction;
  }

  /** Share of providers with {@code "npi": []}: one row each, npi null. */
  public double emptyNpiFraction() {
    return emptyNpiFraction;
  }

  /** Share of items whose scalar fields follow their allowed_amounts array. */
  public double scalarsAfterFraction() {
    return scalarsAfterFraction;
  }

  public GeneratorSpec.HeaderPlacement headerPlacement() {
    return headerPlacement;
  }

  public boolean pretty() {
    return pretty;
  }

  public boolean gzip() {
    return gzip;
  }

  public int gzipLevel() {
    return gzipLevel;
  }

  public String reportingEntityName() {
    return reportingEntityName;
  }

  @Override
  public String toString() {
    return "AllowedAmountsSpec{seed=" + seed + ", version=" + version
        + (targetBytes > 0 ? ", targetBytes=" + targetBytes : ", itemCount=" + itemCount)
        + ", entries=" + entriesPerItem + ", payments=" + paymentsPerEntry + ", providers="
        + providersPerPayment + ", npis=" + npisPerProvider + ", gzip=" + gzip + "}";
  }

  /** Knobs with their defaults: small entries of a few payments, as real files are. */
  public static final class Builder {
    private long seed = 42;
    private GeneratorSpec.Version version = GeneratorSpec.Version.V1;
    private int itemCount = 200;
    private long targetBytes;
    private Count entriesPerItem = IntRange.of(1, 6);
    private Count paymentsPerEntry = IntRange.of(1, 4);
    private Count providersPerPayment = IntRange.of(1, 3);
    private Count npisPerProvider = IntRange.of(1, 4);
    private double emptyPaymentsFraction = 0.01;
    private double emptyProvidersFraction = 0.02;
    private double emptyNpiFraction = 0.02;
    private double scalarsAfterFraction = 0.1;
    private GeneratorSpec.HeaderPlacement headerPlacement = GeneratorSpec.HeaderPlacement.START;
    private boolean pretty;
    private boolean gzip;
    private int gzipLevel = 6;
    private String reportingEntityName;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder version(GeneratorSpec.Version version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder items(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("Cannot write " + count + " items");
      }
      this.itemCount = count;
      this.targetBytes = 0;
      return this;
    }

    public Builder targetBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("Cannot aim at " + bytes + " bytes");
      }
      this.targetBytes = bytes;
      return this;
    }

    public Builder entriesPerItem(Count count) {
      this.entriesPerItem = Objects.requireNonNull(count, "entriesPerItem");
      return this;
    }

    public Builder paymentsPerEntry(Count count) {
      this.paymentsPerEntry = atLeastOne("paymentsPerEntry", count);
      return this;
    }

    public Builder providersPerPayment(Count count) {
      this.providersPerPayment = atLeastOne("providersPerPayment", count);
      return this;
    }

    public Builder npisPerProvider(Count count) {
      this.npisPerProvider = atLeastOne("npisPerProvider", count);
      return this;
    }

    public Builder emptyPaymentsFraction(double fraction) {
      this.emptyPaymentsFraction = GeneratorSpec.Builder.fraction("emptyPaymentsFraction", fraction);
      return this;
    }

    public Builder emptyProvidersFraction(double fraction) {
      this.emptyProvidersFraction = GeneratorSpec.Builder.fraction("emptyProvidersFraction", fraction);
      return this;
    }

    public Builder emptyNpiFraction(double fraction) {
      this.emptyNpiFraction = GeneratorSpec.Builder.fraction("emptyNpiFraction", fraction);
      return this;
    }

    public Builder scalarsAfterFraction(double fraction) {
      this.scalarsAfterFraction = GeneratorSpec.Builder.fraction("scalarsAfterFraction", fraction);
      return this;
    }

    public Builder header(GeneratorSpec.HeaderPlacement placement) {
      this.headerPlacement = Objects.requireNonNull(placement, "header");
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
        throw new IllegalArgumentException("Cannot use gzip level " + level + ": expected 1..9");
      }
      this.gzipLevel = level;
      return this;
    }

    public Builder reportingEntityName(String name) {
      this.reportingEntityName = name;
      return this;
    }

    public AllowedAmountsSpec build() {
      return new AllowedAmountsSpec(this);
    }

    /** An empty array is a case of its own, drawn by its fraction, not by the count. */
    private static Count atLeastOne(String knob, Count count) {
      if (Objects.requireNonNull(count, knob).min() < 1) {
        throw new IllegalArgumentException("Cannot use " + knob + " " + count
            + " because its minimum is 0; an empty array has its own fraction");
      }
      return count;
    }
  }
}
