package io.ptlake.generator;

import java.util.BitSet;
import java.util.Random;

/**
 * The file's provider references as a pure function of (seed, id, copy), so they can be written
 * before or after {@code in_network} without being stored, and so each id's weight W(id) is known
 * before any rate refers to it. Memory: one long per defined id, one bit per undefined id.
 *
 * <p>Ids 1..N are defined (N = {@link GeneratorSpec#providerReferenceCount()}); some are defined by
 * a second entry after all the first ones. Rates that miss refer to a pool of ids above N, or to
 * 1..N when the file has no provider_references at all.
 */
final class ReferenceModel {

  /** One provider_references entry: remote ({@code location} set) or a groups shape. */
  record Entry(int id, String location, int[] shape, Random content) {
    /** max(1, Σ max(1, |npi|)): a remote or empty entry still gives one row. */
    long weight() {
      return location != null ? 1 : Math.max(1, ProviderGroups.weight(shape));
    }
  }

  private final GeneratorSpec spec;
  private final int definedIds;
  private final long[] weights;
  private final int undefinedBase;
  private final BitSet undefinedUsed;
  private final int undefinedPool;

  private ReferenceModel(GeneratorSpec spec) {
    this.spec = spec;
    int n = spec.providerReferenceCount();
    boolean absent = spec.referencesPlacement() == GeneratorSpec.ReferencesPlacement.ABSENT;
    this.definedIds = absent ? 0 : n;
    this.undefinedBase = absent ? 1 : n + 1;
    this.undefinedPool = Math.max(1, absent ? n : n / 10);
    this.undefinedUsed = new BitSet(undefinedPool);
    this.weights = new long[definedIds + 1];
  }

  static ReferenceModel of(GeneratorSpec spec) {
    ReferenceModel model = new ReferenceModel(spec);
    for (int id = 1; id <= model.definedIds; id++) {
      for (int copy = 0; copy < model.copies(id); copy++) {
        model.weights[id] += model.entry(id, copy).weight();
      }
    }
    return model;
  }

  int definedIds() {
    return definedIds;
  }

  /** 2 when the id's entry appears twice in provider_references, else 1. */
  int copies(int id) {
    return Seeds.unit(spec.seed(), Seeds.DUPLICATE, id) < spec.duplicateReferenceFraction() ? 2 : 1;
  }

  /** Draws entry {@code copy} of {@code id}; the same arguments always give the same entry. */
  Entry entry(int id, int copy) {
    Random rng = Seeds.random(spec.seed(), Seeds.REFERENCE + ((long) copy << 32), id);
    if (rng.nextDouble() < spec.remoteReferenceFraction()) {
      return new Entry(id, "https://providers.example.com/groups/" + id + ".json", null, rng);
    }
    int[] shape =
        rng.nextDouble() < spec.emptyReferenceFraction()
            ? new int[0]
            : ProviderGroups.drawShape(rng, spec.groupsPerReference(), spec);
    return new Entry(id, null, shape, rng);
  }

  /** Whether rates carry provider_references at all: 1.x files without the array use none. */
  boolean ratesUseReferences() {
    return definedIds > 0 || spec.version() == GeneratorSpec.Version.V2;
  }

  /** An id for a rate to refer to, sometimes one that no entry defines. */
  int pickId(Random rng) {
    if (definedIds == 0 || rng.nextDouble() < spec.undefinedReferenceFraction()) {
      int slot = rng.nextInt(undefinedPool);
      undefinedUsed.set(slot);
      return undefinedBase + slot;
    }
    return 1 + rng.nextInt(definedIds);
  }

  /** W(id) of the contract: summed over the id's entries, 1 for an undefined id. */
  long weight(int id) {
    return id >= 1 && id <= definedIds ? weights[id] : 1;
  }

  /** Distinct undefined ids picked so far. */
  int undefinedIdsUsed() {
    return undefinedUsed.cardinality();
  }
}
