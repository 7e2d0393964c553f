package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Generated tables of contents against a naive reading of their JSON. */
class TocGeneratorTest {
  private static final List<String> IN_NETWORK = List.of("a.json", "b.json.gz", "c.json");

  @Test
  void countsAreWhatANaiveReadingGives() throws Exception {
    TocSpec spec = TocSpec.builder().seed(3).structures(40)
        .plansPerStructure(IntRange.of(0, 5)).inNetworkPerStructure(IntRange.of(1, 3))
        .inNetworkFiles(IN_NETWORK).allowedAmountFiles(List.of("aa1.json", "aa2.json"))
        .firstPlan(Map.of("plan_name", "Header plan", "plan_id_type", "hios",
            "plan_id", "1234567890", "plan_market_type", "individual"))
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    TocCounts counts = TocGenerator.write(spec, out);

    assertThat(oracle(TicFileOracle.read(out.toByteArray()))).isEqualTo(counts);
    assertThat(counts.files()).isEqualTo(5);
    assertThat(counts.plans()).isGreaterThan(40);
  }

  @Test
  void aSizeTargetIsMetWithinTwoPercent() throws Exception {
    long target = GeneratorSpec.BYTES_PER_MB;
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    TocCounts counts = TocGenerator.write(TocSpec.builder().targetBytes(target)
        .inNetworkFiles(IN_NETWORK).build(), out);

    assertThat((double) out.size()).isBetween(target * 0.98, target * 1.02);
    assertThat(counts.uncompressedBytes()).isEqualTo(out.size());
    assertThat(oracle(TicFileOracle.read(out.toByteArray()))).isEqualTo(counts);
  }

  /**
   * What the preprocessor's ToC reader makes of it: plans distinct by their fields, files by
   * location, and per file the set of plans listing it.
   */
  private static TocCounts oracle(TicFileOracle file) {
    Map<Map<String, Object>, Integer> plans = new HashMap<>();
    Map<String, Set<Integer>> links = new HashMap<>();
    List<Map<String, Object>> structures = TicFileOracle.objects(file.root.get("reporting_structure"));
    for (Map<String, Object> structure : structures) {
      Set<Integer> ids = new LinkedHashSet<>();
      for (Map<String, Object> plan : TicFileOracle.objects(structure.get("reporting_plans"))) {
        ids.add(plans.computeIfAbsent(plan, key -> plans.size()));
      }
      List<Map<String, Object>> files = new java.util.ArrayList<>(
          TicFileOracle.objects(structure.get("in_network_files")));
      if (structure.get("allowed_amount_file") != null) {
        files.add(TicFileOracle.objects(List.of(structure.get("allowed_amount_file"))).get(0));
      }
      for (Map<String, Object> listed : files) {
        links.computeIfAbsent((String) listed.get("location"), key -> new HashSet<>()).addAll(ids);
      }
    }
    return new TocCounts(structures.size(), plans.size(), links.size(),
        links.values().stream().mapToLong(Set::size).sum(), file.jsonBytes);
  }
}
