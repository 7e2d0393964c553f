package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The official CMS in-network examples (../shared/cms, see its README). */
class CmsExamplesTest {
  @TempDir Path out;

  static Path examplesDir() {
    String shared = System.getProperty("ptlake.shared.dir");
    Path examples = shared == null ? null : Path.of(shared, "cms", "examples");
    assumeTrue(
        examples != null && Files.isDirectory(examples),
        "../shared/cms not found: CMS conformance tests skipped");
    return examples;
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(examplesDir())) {
      List<Path> list =
          files
              .filter(f -> f.getParent().getFileName().toString().equals("in-network-rates"))
              .filter(f -> f.toString().endsWith(".json"))
              .sorted()
              .toList();
      assertThat(list).hasSizeGreaterThanOrEqualTo(11);
      return list.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void chunksHoldTheExampleAndCountsMatchANaiveCount(Path example) throws IOException {
    Manifest manifest =
        new Preprocessor(PreprocessConfig.builder(example.toString(), out).build()).run();

    Map<String, Object> source = TicOracle.readSource(example);
    assertThat(TicOracle.countsAndRows(manifest)).isEqualTo(TicOracle.naiveCounts(source));
    TicOracle.assertChunksHoldSource(source, out, manifest);
    assertThat(manifest.source().jsonBytes()).isEqualTo(Files.size(example));
    assertThat(manifest.header()).containsEntry("last_updated_on", (String) source.get("last_updated_on"));
  }

  static Stream<Arguments> handCounted() {
    return Stream.of(
        // v1.6.2 bundle: 1 item, 2 rates, inline groups only.
        //   rate 1: groups with 5 and 5 npis -> G = 10; 1 price -> 10 rows
        //   rate 2: one group with 4 npis    -> G = 4;  1 price ->  4 rows   total 14
        Arguments.of("v1.6.2/in-network-rates/in-network-rates-bundle-single-plan-sample.json",
            counts(1, 2, 2, 0, 3, 0, 0), 14L),
        // v1.6.2 fee-for-service: W(1) = 5 + 5 = 10; id 2 is remote (location) -> W(2) = 1.
        //   item 0: rate a inline 5+5 = 10 x 2 prices = 20; rate b inline 4 x 1 = 4
        //   item 1: rate c refs [1] -> 10 x 1 = 10;        rate d inline 1 x 1 = 1   total 35
        //   inline groups 2 + 1 + 1 = 4
        Arguments.of(
            "v1.6.2/in-network-rates/in-network-rates-fee-for-service-single-plan-sample.json",
            counts(2, 4, 5, 2, 4, 1, 0), 35L),
        // v1.6.2 no-npi: one group with npi [0], which counts as one npi: 1 x 1 price = 1
        Arguments.of("v1.6.2/in-network-rates/in-network-rates-no-npi.json",
            counts(1, 1, 1, 0, 1, 0, 0), 1L),
        // v2.2.0 all negotiated types: W(1) = 3 + 1 = 4, W(2) = 2.
        //   99214 [1] x 1 = 4; 97110 [1] x 1 = 4; 0200 [2] x 1 = 2; 80053 [1] x 1 = 4;
        //   27447 [1, 2] -> G = 6 x 2 prices = 12; 99285 [2] x 2 = 4          total 30
        Arguments.of(
            "v2.2.0/in-network-rates/in-network-rates-all-negotiated-types-sample.json",
            counts(6, 6, 8, 2, 0, 0, 0), 30L),
        // v2.2.0 multiple plans: W(1) = 10, W(2) = 5 (unused).
        //   item 0: [1] x 2 prices = 20, [1] x 2 = 20; item 1: [1] x 1 = 10, [1] x 1 = 10  total 60
        Arguments.of("v2.2.0/in-network-rates/in-network-rates-multiple-plans-sample.json",
            counts(2, 4, 6, 2, 0, 0, 0), 60L));
  }

  @ParameterizedTest
  @MethodSource("handCounted")
  void countsMatchTheHandCount(String example, Map<String, Long> counts, long expectedRows)
      throws IOException {
    String file = examplesDir().resolve(example).toString();
    Manifest manifest = new Preprocessor(PreprocessConfig.builder(file, out).build()).run();

    assertThat(manifest.counts()).isEqualTo(counts);
    assertThat(manifest.expectedRows()).isEqualTo(expectedRows);
  }

  private static Map<String, Long> counts(
      long items, long rates, long prices, long references, long inlineGroups, long remote,
      long undefined) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(Manifest.IN_NETWORK_ITEMS, items);
    counts.put(Manifest.NEGOTIATED_RATES, rates);
    counts.put(Manifest.NEGOTIATED_PRICES, prices);
    counts.put(Manifest.PROVIDER_REFERENCES, references);
    counts.put(Manifest.INLINE_PROVIDER_GROUPS, inlineGroups);
    counts.put(Manifest.REMOTE_PROVIDER_REFERENCES, remote);
    counts.put(Manifest.UNDEFINED_REFERENCE_IDS, undefined);
    counts.put(Manifest.RECORDS_WITH_TYPE_PROBLEMS, 0L);
    counts.put(Manifest.RECORDS_MISSING_FIELDS, 0L);
    // a local-only run fetches no remote file, and no example names one URL twice
    counts.put(Manifest.REMOTE_REFERENCE_FAILURES, remote);
    counts.put(Manifest.REMOTE_PROVIDER_GROUPS, 0L);
    return counts;
  }
}
