package io.ptlake.generator;

import io.ptlake.generator.GeneratorSpec.HeaderPlacement;
import io.ptlake.generator.GeneratorSpec.ReferencesPlacement;
import io.ptlake.generator.GeneratorSpec.Version;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The small files of the repository's sample-data/ directory: the one place their specs live, read
 * both by {@code samples} (sample-data/regenerate.sh) and by the test that checks the checked-in
 * files are still what the generator writes. Each payer has its own name and seed, so its codes and
 * prices differ while the well-known codes they share stay comparable.
 */
public enum SampleDataSet {

  /** 1.x, references first, inline groups, remote locations and every edge case of the rules. */
  V1_REFS_FIRST_INLINE(
      "v1-refs-first-inline.json",
      small(101, Version.V1, "Acme Health Insurance Company")
          .items(40)
          .inlineGroupFraction(0.35)
          .remoteReferenceFraction(0.1)
          .undefinedReferenceFraction(0.05)
          .emptyNpiGroupFraction(0.05)
          .tinLevelGroupFraction(0.05)
          .emptyReferenceFraction(0.05)
          .duplicateReferenceFraction(0.1)),

  /** 1.x, gzip, references after in_network and the header at the very end. */
  V1_REFS_LAST_HEADER_END_GZIP(
      "v1-refs-last-header-end.json.gz",
      small(202, Version.V1, "Blue Harbor Health Plan")
          .items(60)
          .references(ReferencesPlacement.LAST)
          .header(HeaderPlacement.END)
          .gzip(true)),

  /** 2.x, compact, references first. */
  V2_REFS_FIRST("v2-refs-first.json", small(303, Version.V2, "Summit Care Mutual").items(50)),

  /** 2.x, pretty-printed, references last. */
  V2_PRETTY(
      "v2-pretty-refs-last.json",
      small(404, Version.V2, "Prairie Health Partners")
          .items(20)
          .npisPerGroup(IntRange.of(1, 3))
          .references(ReferencesPlacement.LAST)
          .pretty(true)),

  /** 1.x with a 150 KB item whose scalars follow its rates, and a few ordinary items like it. */
  GIANT_ITEM_SCALARS_AFTER(
      "v1-giant-item-scalars-after.json",
      small(505, Version.V1, "Keystone Benefit Administrators")
          .items(12)
          .giantItems(1, 150_000)
          .scalarsAfterRatesFraction(0.25)),

  /** Old-style 1.x without provider_references: inline groups only. */
  V1_INLINE_ONLY(
      "v1-inline-only.json",
      small(606, Version.V1, "Cascade Life and Health")
          .items(20)
          .references(ReferencesPlacement.ABSENT));

  private final String fileName;
  private final GeneratorSpec spec;

  SampleDataSet(String fileName, GeneratorSpec.Builder spec) {
    this.fileName = fileName;
    this.spec = spec.build();
  }

  public String fileName() {
    return fileName;
  }

  public GeneratorSpec spec() {
    return spec;
  }

  /** Writes the file and its .expected.json into {@code dir}. */
  public ExpectedCounts writeTo(Path dir) throws IOException {
    return TicFileGenerator.writeWithSidecar(spec, dir.resolve(fileName));
  }

  /** Sizes that keep each file to tens of kilobytes. */
  private static GeneratorSpec.Builder small(long seed, Version version, String entity) {
    return GeneratorSpec.builder()
        .seed(seed)
        .version(version)
        .reportingEntityName(entity)
        .providerReferences(40)
        .ratesPerItem(IntRange.of(1, 8))
        .groupsPerReference(IntRange.of(1, 3))
        .npisPerGroup(IntRange.of(1, 6));
  }
}
