package io.ptlake.generator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What shapes one generated table-of-contents file: its reporting structures, each listing a few
 * distinct plans and a few of the given in-network files (and maybe an allowed-amounts file), as
 * payers publish them. Immutable; build it with {@link #builder()}. Every plan is listed once, so
 * the counts are exact without a set of plans: plans = Σ plans per structure, and the plan → file
 * links = Σ over structures of plans × files.
 */
public final class TocSpec {
  private final long seed;
  private final String reportingEntityName;
  private final String lastUpdatedOn;
  private final int structures;
  private final long targetBytes;
  private final Count plansPerStructure;
  private final Count inNetworkPerStructure;
  private final List<String> inNetworkFiles;
  private final List<String> allowedAmountFiles;
  private final Map<String, String> firstPlan;
  private final boolean pretty;

  private TocSpec(Builder b) {
    this.seed = b.seed;
    this.reportingEntityName = b.reportingEntityName;
    this.lastUpdatedOn = b.lastUpdatedOn;
    this.structures = b.structures;
    this.targetBytes = b.targetBytes;
    this.plansPerStructure = b.plansPerStructure;
    this.inNetworkPerStructure = b.inNetworkPerStructure;
    this.inNetworkFiles = List.copyOf(b.inNetworkFiles);
    this.allowedAmountFiles = List.copyOf(b.allowedAmountFiles);
    this.firstPlan = b.firstPlan;
    this.pretty = b.pretty;
    if (inNetworkFiles.isEmpty()) {
      throw new IllegalArgumentException("Cannot write a table of contents without in-network"
          + " files to list");
    }
    if (inNetworkPerStructure.min() < 1 || inNetworkPerStructure.max() > inNetworkFiles.size()) {
      throw new IllegalArgumentException("Cannot list " + inNetworkPerStructure
          + " distinct in-network files per structure out of " + inNetworkFiles.size());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public long seed() {
    return seed;
  }

  public String reportingEntityName() {
    return reportingEntityName;
  }

  public String lastUpdatedOn() {
    return lastUpdatedOn;
  }

  /** Structures to write; unused when {@link #targetBytes()} is set. */
  public int structures() {
    return structures;
  }

  public long targetBytes() {
    return targetBytes;
  }

  public Count plansPerStructure() {
    return plansPerStructure;
  }

  public Count inNetworkPerStructure() {
    return inNetworkPerStructure;
  }

  /** Locations the structures pick their in-network files from, as written in the ToC. */
  public List<String> inNetworkFiles() {
    return inNetworkFiles;
  }

  /** Locations of allowed-amounts files; each structure lists one, in turn, when there are any. */
  public List<String> allowedAmountFiles() {
    return allowedAmountFiles;
  }

  /** The fields of the first structure's first plan (a plan a file header names), or null. */
  public Map<String, String> firstPlan() {
    return firstPlan;
  }

  public boolean pretty() {
    return pretty;
  }

  /** Knobs with their defaults. */
  public static final class Builder {
    private long seed = 42;
    private String reportingEntityName = "Acme Health Insurance Company";
    private String lastUpdatedOn = "2025-06-01";
    private int structures = 10;
    private long targetBytes;
    private Count plansPerStructure = IntRange.of(1, 4);
    private Count inNetworkPerStructure = IntRange.of(1, 1);
    private List<String> inNetworkFiles = List.of();
    private List<String> allowedAmountFiles = List.of();
    private Map<String, String> firstPlan;
    private boolean pretty;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder reportingEntityName(String name) {
      this.reportingEntityName = Objects.requireNonNull(name, "reportingEntityName");
      return this;
    }

    public Builder lastUpdatedOn(String date) {
      this.lastUpdatedOn = Objects.requireNonNull(date, "lastUpdatedOn");
      return this;
    }

    public Builder structures(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("Cannot write " + count + " structures");
      }
      this.structures = count;
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

    public Builder plansPerStructure(Count count) {
      this.plansPerStructure = Objects.requireNonNull(count, "plansPerStructure");
      return this;
    }

    public Builder inNetworkPerStructure(Count count) {
      this.inNetworkPerStructure = Objects.requireNonNull(count, "inNetworkPerStructure");
      return this;
    }

    public Builder inNetworkFiles(List<String> locations) {
      this.inNetworkFiles = Objects.requireNonNull(locations, "inNetworkFiles");
      return this;
    }

    public Builder allowedAmountFiles(List<String> locations) {
      this.allowedAmountFiles = Objects.requireNonNull(locations, "allowedAmountFiles");
      return this;
    }

    /** The first plan listed: the plan a file header names, to link it from the ToC too. */
    public Builder firstPlan(Map<String, String> fields) {
      this.firstPlan = fields == null ? null : new LinkedHashMap<>(fields);
      return this;
    }

    public Builder pretty(boolean pretty) {
      this.pretty = pretty;
      return this;
    }

    public TocSpec build() {
      return new TocSpec(this);
    }
  }
}
