package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The oracle itself, on a hand-made file where every row rule of the contract is worked out. */
class TicFileOracleTest {

  @Test
  void countsRowsAsTheContractSays() throws Exception {
    String json =
        """
        {"provider_references":[
          {"provider_group_id":1,"provider_groups":[{"npi":[1,2,3]},{"npi":[]}]},
          {"provider_group_id":1.0,"provider_groups":[{"npi":[0]}]},
          {"provider_group_id":2,"provider_groups":[]},
          {"provider_group_id":3,"location":"https://x/3.json"}],
         "in_network":[
          {"billing_code":"A","negotiated_rates":[
            {"provider_references":[1,1,9],"negotiated_prices":[{},{}]},
            {"provider_groups":[{"npi":[1,2]},{"npi":[]}],"negotiated_prices":[{}]},
            {"provider_references":[2,3],"negotiated_prices":[]}]},
          {"billing_code":"B","negotiated_rates":[{"negotiated_prices":[{}]}]}]}
        """;
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    ExpectedCounts counts = TicFileOracle.read(bytes).counts();

    // W(1) = (3 + 1) + 1 = 5, W(9) = 1: 2 prices x 11; inline 2 + 1 = 3; no prices: 0; bare rate 1.
    assertThat(counts)
        .isEqualTo(
            new ExpectedCounts(
                2, 4, 4, 4, 2, 1, 1, 26, new TreeMap<>(Map.of("A", 25L, "B", 1L)), bytes.length));
  }
}
