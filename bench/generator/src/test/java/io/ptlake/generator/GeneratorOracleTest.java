package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.GeneratorSpec.HeaderPlacement;
import io.ptlake.generator.GeneratorSpec.ReferencesPlacement;
import io.ptlake.generator.GeneratorSpec.Version;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layout the generator can write, checked against the naive oracle: the counts it reports
 * must be exactly what a literal reading of the file gives, and the file must have the layout and
 * the version's shape the spec asked for.
 */
class GeneratorOracleTest {

  private static final List<String> HEADER_FIELDS =
      List.of(
          "reporting_entity_name",
          "reporting_entity_type",
          "plan_name",
          "plan_id_type",
          "plan_id",
          "plan_market_type",
          "last_updated_on",
          "version");

  static Stream<Arguments> layouts() {
    List<Arguments> layouts = new ArrayList<>();
    for (Version version : Version.values()) {
      for (ReferencesPlacement refs : ReferencesPlacement.values()) {
        for (HeaderPlacement header : HeaderPlacement.values()) {
          for (boolean gzip : new boolean[] {false, true}) {
            for (boolean pretty : new boolean[] {false, true}) {
              layouts.add(Arguments.of(version, refs, header, gzip, pretty));
            }
          }
        }
      }
    }
    return layouts.stream();
  }

  /** Small, with every edge case frequent enough to occur, and one giant item. */
  static GeneratorSpec.Builder edgeCases(Version version) {
    GeneratorSpec.Builder spec =
        GeneratorSpec.builder()
            .seed(7)
            .version(version)
            .items(16)
            .providerReferences(12)
            .ratesPerItem(IntRange.of(0, 4))
            .pricesPerRate(IntRange.of(0, 3))
            .npisPerGroup(IntRange.of(0, 4))
            .groupsPerReference(IntRange.of(0, 3))
            .undefinedReferenceFraction(0.15)
            .emptyNpiGroupFraction(0.1)
            .tinLevelGroupFraction(0.1)
            .emptyReferenceFraction(0.1)
            .duplicateReferenceFraction(0.3)
            .scalarsAfterRatesFraction(0.2)
            .giantItems(1, 8_000);
    return version == Version.V1 ? spec.remoteReferenceFraction(0.15) : spec;
  }

  @ParameterizedTest(name = "{0} refs={1} header={2} gzip={3} pretty={4}")
  @MethodSource("layouts")
  void countsMatchANaiveReadingOfTheFile(
      Version version,
      ReferencesPlacement refs,
      HeaderPlacement header,
      boolean gzip,
      boolean pretty)
      throws Exception {
    GeneratorSpec spec =
        edgeCases(version).references(refs).header(header).gzip(gzip).pretty(pretty).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ExpectedCounts counts = TicFileGenerator.write(spec, out);

    byte[] bytes = out.toByteArray();
    TicFileOracle oracle = TicFileOracle.read(bytes);
    assertThat(counts).isEqualTo(oracle.counts());
    assertThat(counts.inNetworkItems()).isEqualTo(16);
    assertThat(TicFileOracle.isGzip(bytes)).isEqualTo(gzip);
    byte[] json = gzip ? TicFileOracle.gunzip(bytes) : bytes;
    assertThat(new String(json, StandardCharsets.UTF_8).contains("\n")).isEqualTo(pretty);
    assertRootLayout(oracle.root, refs, header);
    assertVersionShape(oracle.root, version);
  }

  @Test
  void edgeCasesOccurInTheSmallSpec() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpectedCounts counts = TicFileGenerator.write(edgeCases(Version.V1).build(), out);
    String json = out.toString(StandardCharsets.UTF_8);

    assertThat(counts.remoteProviderReferences()).isPositive();
    assertThat(counts.undefinedReferenceIds()).isPositive();
    assertThat(counts.inlineProviderGroups()).isPositive();
    assertThat(counts.providerReferences()).as("duplicated ids").isGreaterThan(12);
    assertThat(json)
        .contains(
            "\"npi\":[0]",
            "\"npi\":[]",
            "\"provider_groups\":[]",
            "\"negotiated_prices\":[]",
            "\"negotiated_rates\":[]",
            "{\"negotiated_rates\":[");
  }

  private static void assertRootLayout(
      Map<String, Object> root, ReferencesPlacement refs, HeaderPlacement header) {
    List<String> expected = new ArrayList<>();
    if (refs == ReferencesPlacement.FIRST) {
      expected.add("provider_references");
    }
    expected.add("in_network");
    if (refs == ReferencesPlacement.LAST) {
      expected.add("provider_references");
    }
    List<String> keys = new ArrayList<>(root.keySet());
    keys.removeIf(key -> !key.equals("in_network") && !key.equals("provider_references"));
    assertThat(keys).isEqualTo(expected);
    List<String> all = new ArrayList<>(root.keySet());
    String edge = header == HeaderPlacement.START ? all.get(0) : all.get(all.size() - 1);
    assertThat(edge)
        .isEqualTo(header == HeaderPlacement.START ? "reporting_entity_name" : "version");
    assertThat(root).containsKeys(HEADER_FIELDS.toArray(String[]::new));
  }

  private static void assertVersionShape(Map<String, Object> root, Version version) {
    boolean v2 = version == Version.V2;
    assertThat(root.containsKey("issuer_name")).isEqualTo(v2);
    assertThat(root.containsKey("plan_sponsor_name")).isEqualTo(v2);
    for (Map<String, Object> entry : TicFileOracle.objects(root.get("provider_references"))) {
      assertThat(entry.containsKey("network_name")).isEqualTo(v2 && !entry.containsKey("location"));
      assertThat(entry.containsKey("location") && v2).isFalse();
    }
    for (Map<String, Object> item : TicFileOracle.objects(root.get("in_network"))) {
      for (Map<String, Object> rate : TicFileOracle.objects(item.get("negotiated_rates"))) {
        assertThat(rate.containsKey("provider_groups") && v2).isFalse();
        for (Map<String, Object> price : TicFileOracle.objects(rate.get("negotiated_prices"))) {
          assertThat(price.containsKey("setting")).isEqualTo(v2);
          assertThat(price.get("negotiated_rate").toString()).matches("\\d+\\.\\d\\d");
        }
      }
    }
  }
}
