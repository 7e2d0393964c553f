package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExpectedCountsTest {

  private static final ExpectedCounts COUNTS =
      new ExpectedCounts(1, 2, 3, 4, 5, 6, 7, 8, new TreeMap<>(Map.of("99213", 8L)), 9);

  @Test
  void jsonRoundTrips() {
    assertThat(ExpectedCounts.fromJson(COUNTS.toJson())).isEqualTo(COUNTS);
  }

  @Test
  void jsonUsesTheManifestNames() {
    assertThat(COUNTS.toJson())
        .startsWith("{\n  \"in_network_items\" : 1,\n  \"negotiated_rates\" : 2,")
        .contains("\"undefined_reference_ids\" : 7", "\"expected_rows\" : 8")
        .endsWith("}\n");
  }

  @Test
  void unknownFieldIsRejectedWithItsPosition() {
    String json = COUNTS.toJson().replace("\"negotiated_rates\"", "\"rates\"");

    assertThatThrownBy(() -> ExpectedCounts.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown field 'rates'")
        .hasMessageContaining("line: 3");
  }

  @Test
  void missingFieldIsRejected() {
    String json = COUNTS.toJson().replace("  \"expected_rows\" : 8,\n", "");

    assertThatThrownBy(() -> ExpectedCounts.fromJson(json))
        .hasMessage("Missing field 'expected_rows' in expected counts");
  }

  @Test
  void sidecarSitsBesideTheFile() {
    assertThat(ExpectedCounts.sidecarOf(Path.of("/data/x.json.gz")))
        .isEqualTo(Path.of("/data/x.json.gz.expected.json"));
  }
}
