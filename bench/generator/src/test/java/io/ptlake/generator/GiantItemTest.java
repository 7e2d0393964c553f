package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.GeneratorSpec.Version;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GiantItemTest {

  private static final long GIANT_BYTES = 300_000;

  @Test
  void giantItemsHaveBigRatesAndScalarsAfterThem() throws Exception {
    GeneratorSpec spec =
        GeneratorSpec.builder().items(9).providerReferences(50).giantItems(2, GIANT_BYTES).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ExpectedCounts counts = TicFileGenerator.write(spec, out);

    TicFileOracle oracle = TicFileOracle.read(out.toByteArray());
    assertThat(counts).isEqualTo(oracle.counts());
    List<Integer> giants = new ArrayList<>();
    List<Map<String, Object>> items = TicFileOracle.objects(oracle.root.get("in_network"));
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).keySet().iterator().next().equals("negotiated_rates")) {
        giants.add(i);
      }
    }
    // Spread through the file: after 1/3 and 2/3 of the 7 ordinary items.
    assertThat(giants).containsExactly(3, 6);
    for (int giant : giants) {
      assertThat(items.get(giant)).containsKeys("billing_code", "name", "description");
    }
    assertThat(counts.uncompressedBytes()).isGreaterThan(2 * GIANT_BYTES);
  }

  @Test
  void giantItemRatesAloneReachTheSizeAndCanComeFirst() throws Exception {
    GeneratorSpec spec =
        GeneratorSpec.builder()
            .version(Version.V2)
            .items(1)
            .providerReferences(10)
            .giantItems(1, GIANT_BYTES)
            .giantScalarsAfterRates(false)
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    TicFileGenerator.write(spec, out);

    String json = out.toString(StandardCharsets.UTF_8);
    String item = json.substring(json.indexOf("\"in_network\":[") + 14);
    assertThat(item).startsWith("{\"negotiation_arrangement\"");
    int ratesStart = item.indexOf("\"negotiated_rates\":[");
    int ratesEnd = item.indexOf("}]}]}]", ratesStart);
    assertThat(ratesEnd - ratesStart).isBetween((int) GIANT_BYTES, (int) GIANT_BYTES + 2_000);
  }
}
