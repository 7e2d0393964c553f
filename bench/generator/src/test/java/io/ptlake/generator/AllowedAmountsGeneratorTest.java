package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.generator.GeneratorSpec.HeaderPlacement;
import io.ptlake.generator.GeneratorSpec.Version;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Allowed-amounts files against a naive reading of their JSON: the counts the generator reports
 * must be exactly what the row formula of docs/chunk-format.md gives on the file, and the file must
 * have the shape of the CMS allowed-amounts schema.
 */
class AllowedAmountsGeneratorTest {
  @TempDir Path dir;

  /** Every edge case often enough to occur in a small file. */
  private static AllowedAmountsSpec.Builder edgeCases(Version version) {
    return AllowedAmountsSpec.builder()
        .seed(11)
        .version(version)
        .items(60)
        .entriesPerItem(IntRange.of(0, 4))
        .emptyPaymentsFraction(0.15)
        .emptyProvidersFraction(0.15)
        .emptyNpiFraction(0.15)
        .scalarsAfterFraction(0.3);
  }

  @ParameterizedTest(name = "version={0} header={1} gzip={2} pretty={3}")
  @CsvSource({"V1,START,false,false", "V1,END,true,false", "V2,START,false,true",
      "V2,END,true,true"})
  void countsAreWhatANaiveReadingOfTheFileGives(
      Version version, HeaderPlacement header, boolean gzip, boolean pretty) throws Exception {
    AllowedAmountsSpec spec = edgeCases(version).header(header).gzip(gzip).pretty(pretty).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    AllowedAmountsCounts counts = AllowedAmountsGenerator.write(spec, out);

    TicFileOracle file = TicFileOracle.read(out.toByteArray());
    assertThat(oracleCounts(file)).isEqualTo(counts);
    assertThat(counts.expectedRows()).isPositive();
    List<String> keys = new ArrayList<>(file.root.keySet());
    assertThat(keys.indexOf("out_of_network"))
        .isEqualTo(header == HeaderPlacement.START ? keys.size() - 1 : 0);
    assertThat(file.root).containsKeys("reporting_entity_name", "plan_id", "last_updated_on");
    boolean settings = TicFileOracle.objects(file.root.get("out_of_network")).stream()
        .flatMap(item -> TicFileOracle.objects(item.get("allowed_amounts")).stream())
        .allMatch(entry -> entry.containsKey("setting"));
    assertThat(settings).isEqualTo(version == Version.V2);
  }

  @Test
  void everyCaseOfTheRowRulesOccurs() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AllowedAmountsGenerator.write(edgeCases(Version.V1).build(), out);
    TicFileOracle file = TicFileOracle.read(out.toByteArray());

    List<Map<String, Object>> entries = new ArrayList<>();
    for (Map<String, Object> item : TicFileOracle.objects(file.root.get("out_of_network"))) {
      entries.addAll(TicFileOracle.objects(item.get("allowed_amounts")));
    }
    List<Map<String, Object>> payments = entries.stream()
        .flatMap(e -> TicFileOracle.objects(e.get("payments")).stream()).toList();
    List<Map<String, Object>> providers = payments.stream()
        .flatMap(p -> TicFileOracle.objects(p.get("providers")).stream()).toList();

    assertThat(entries).anyMatch(e -> TicFileOracle.list(e.get("payments")).isEmpty());
    assertThat(payments).anyMatch(p -> TicFileOracle.list(p.get("providers")).isEmpty());
    assertThat(providers).anyMatch(v -> TicFileOracle.list(v.get("npi")).isEmpty());
    assertThat(TicFileOracle.objects(file.root.get("out_of_network")))
        .anyMatch(item -> TicFileOracle.list(item.get("allowed_amounts")).isEmpty())
        .anyMatch(item -> !firstKey(item).equals("name"));
  }

  @Test
  void sharesTheHeaderAndOpeningCodesOfTheInNetworkFileOfTheSameSeed() throws Exception {
    ByteArrayOutputStream aa = new ByteArrayOutputStream();
    AllowedAmountsGenerator.write(AllowedAmountsSpec.builder().seed(303).version(Version.V2)
        .reportingEntityName("Summit Care Mutual").items(12).scalarsAfterFraction(0).build(), aa);
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    TicFileGenerator.write(GeneratorSpec.builder().seed(303).version(Version.V2)
        .reportingEntityName("Summit Care Mutual").items(12).build(), in);
    TicFileOracle allowed = TicFileOracle.read(aa.toByteArray());
    TicFileOracle rates = TicFileOracle.read(in.toByteArray());

    for (String field : List.of("reporting_entity_name", "plan_name", "plan_id",
        "plan_market_type", "issuer_name", "plan_sponsor_name", "last_updated_on")) {
      assertThat(allowed.root.get(field)).as(field).isEqualTo(rates.root.get(field));
    }
    assertThat(codes(allowed, "out_of_network")).isEqualTo(codes(rates, "in_network"));
  }

  @Test
  void aSizeTargetIsMetWithinTwoPercentAndTheSameSpecGivesTheSameBytes() throws Exception {
    long target = 2 * GeneratorSpec.BYTES_PER_MB;
    AllowedAmountsSpec spec = AllowedAmountsSpec.builder().targetBytes(target)
        .header(HeaderPlacement.END).npisPerProvider(new Count.HeavyTail(1, 200, 1.2)).build();
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();

    AllowedAmountsCounts counts = AllowedAmountsGenerator.write(spec, first);
    AllowedAmountsGenerator.write(spec, second);

    assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
    assertThat(counts.uncompressedBytes()).isEqualTo(first.size());
    assertThat((double) first.size()).isBetween(target * 0.98, target * 1.02);
    assertThat(oracleCounts(TicFileOracle.read(first.toByteArray()))).isEqualTo(counts);
  }

  @Test
  void theCommandWritesTheFileAndItsCountsAndRefusesAnEmptyPaymentCount() throws Exception {
    Path file = dir.resolve("aa.json.gz");
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new GeneratorMain());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));

    int exit = cli.execute("generate-allowed-amounts", "--out", file.toString(), "--items", "30",
        "--gzip", "--version", "2", "--npis-per-provider", "pareto:1..50", "--seed", "5");

    assertThat(exit).isZero();
    AllowedAmountsCounts counts = AllowedAmountsCounts.fromJson(
        Files.readString(ExpectedCounts.sidecarOf(file)));
    assertThat(out.toString()).isEqualTo(counts.toJson());
    assertThat(counts.outOfNetworkItems()).isEqualTo(30);
    assertThat(oracleCounts(TicFileOracle.read(file))).isEqualTo(counts);
    assertThat(cli.execute("generate-allowed-amounts", "--out", file.toString(),
        "--payments-per-entry", "0..2")).isEqualTo(2);
    assertThatThrownBy(() -> AllowedAmountsCounts.fromJson("{\"payments\":1}"))
        .hasMessageContaining("Missing field 'out_of_network_items'");
  }

  /** The counts as docs/chunk-format.md defines them for an allowed-amounts file. */
  static AllowedAmountsCounts oracleCounts(TicFileOracle file) {
    long items = 0;
    long entries = 0;
    long payments = 0;
    long providers = 0;
    long npis = 0;
    long rows = 0;
    TreeMap<String, Long> byCode = new TreeMap<>();
    for (Map<String, Object> item : TicFileOracle.objects(file.root.get("out_of_network"))) {
      items++;
      long itemRows = 0;
      for (Map<String, Object> entry : TicFileOracle.objects(item.get("allowed_amounts"))) {
        entries++;
        for (Map<String, Object> payment : TicFileOracle.objects(entry.get("payments"))) {
          payments++;
          long weight = 0;
          for (Map<String, Object> provider : TicFileOracle.objects(payment.get("providers"))) {
            providers++;
            int n = TicFileOracle.list(provider.get("npi")).size();
            npis += n;
            weight += Math.max(1, n);
          }
          itemRows += Math.max(1, weight);
        }
      }
      rows += itemRows;
      byCode.merge((String) item.get("billing_code"), itemRows, Long::sum);
    }
    return new AllowedAmountsCounts(items, entries, payments, providers, npis, rows, byCode,
        file.jsonBytes);
  }

  private static List<Object> codes(TicFileOracle file, String array) {
    return TicFileOracle.objects(file.root.get(array)).stream()
        .map(item -> item.get("billing_code")).toList();
  }

  private static String firstKey(Map<String, Object> item) {
    return item.keySet().iterator().next();
  }
}
