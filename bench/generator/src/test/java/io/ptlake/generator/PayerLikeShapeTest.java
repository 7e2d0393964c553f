package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.generator.GeneratorSpec.ReferencesPlacement;
import io.ptlake.generator.GeneratorSpec.Shape;
import io.ptlake.generator.GeneratorSpec.Version;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** The heavy-tailed counts and the payer-like shape: exact counts, and the shape it promises. */
class PayerLikeShapeTest {

  @Test
  void countsParseInEveryForm() {
    assertThat(Count.parse("7")).isEqualTo(IntRange.of(7, 7));
    assertThat(Count.parse(" 1..20 ")).isEqualTo(IntRange.of(1, 20));
    assertThat(Count.parse("pareto:50..5000")).isEqualTo(new Count.HeavyTail(50, 5000, 1.0));
    assertThat(Count.parse("pareto:1..40,alpha=1.2"))
        .isEqualTo(new Count.HeavyTail(1, 40, 1.2));
    assertThat(Count.parse(new Count.HeavyTail(1, 40, 1.2).toString()))
        .isEqualTo(new Count.HeavyTail(1, 40, 1.2));
    assertThatThrownBy(() -> Count.parse("pareto:0..10"))
        .hasMessageContaining("needs 1 <= min <= max");
    assertThatThrownBy(() -> Count.parse("pareto:1..10,beta=2"))
        .hasMessageContaining("expected pareto:MIN..MAX[,alpha=A]");
    assertThatThrownBy(() -> Count.parse("pareto:1..10,alpha=0"))
        .hasMessageContaining("must be in (0, 10]");
  }

  /** Bounded, and heavy-tailed: the few large draws hold a large share of the total. */
  @Test
  void heavyTailDrawsAreBoundedWithMostOfTheMassInTheTail() {
    Count npis = new Count.HeavyTail(50, 5000, 1.1);
    Random rng = new Random(1);
    List<Integer> draws = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < 100_000; i++) {
      int n = npis.draw(rng);
      assertThat(n).isBetween(50, 5000);
      draws.add(n);
      total += n;
    }
    draws.sort(null);
    long top = 0;
    for (int i = draws.size() - draws.size() / 10; i < draws.size(); i++) {
      top += draws.get(i);
    }
    assertThat(draws.get(draws.size() / 2)).as("median").isBetween(80, 130);
    assertThat((double) top / total).as("share of the largest tenth").isGreaterThan(0.4);
    assertThat(draws.get(draws.size() - 1)).isGreaterThan(4000);
  }

  /** The generator's counts stay exact (a literal reading gives them) for the new knobs. */
  @ParameterizedTest
  @EnumSource(Version.class)
  void payerLikeCountsMatchANaiveReading(Version version) throws Exception {
    GeneratorSpec spec = GeneratorSpec.builder()
        .shape(Shape.PAYER_LIKE)
        .version(version)
        .references(ReferencesPlacement.LAST)
        .providerReferences(30)
        .items(12)
        .giantItems(1, 200_000)
        .npisPerGroup(Count.parse("pareto:5..400,alpha=1.1"))
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ExpectedCounts counts = TicFileGenerator.write(spec, out);

    assertThat(TicFileOracle.read(out.toByteArray()).counts()).isEqualTo(counts);
    assertThat(counts.expectedRows()).isGreaterThan(counts.negotiatedPrices() * 50);
  }

  /** What makes a file token-dense: most of its bytes are NPI arrays, many prices per rate. */
  @Test
  void payerLikeBytesAreMostlyNpiArrays() throws Exception {
    GeneratorSpec spec = GeneratorSpec.builder()
        .shape(Shape.PAYER_LIKE)
        .providerReferences(100)
        .targetBytes(4L << 20)
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ExpectedCounts counts = TicFileGenerator.write(spec, out);

    String json = out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    long npiBytes = 0;
    java.util.regex.Matcher npi = java.util.regex.Pattern.compile("\"npi\":\\[[0-9,]*]")
        .matcher(json);
    while (npi.find()) {
      npiBytes += npi.end() - npi.start();
    }
    assertThat((double) npiBytes / json.length()).as("share of NPI arrays").isGreaterThan(0.6);
    assertThat(counts.expectedRows() / (json.length() / 1e6)).as("rows per MB")
        .isGreaterThan(500_000);
    assertThat(counts.negotiatedPrices()).isGreaterThan(2 * counts.negotiatedRates());
  }

  @Test
  void theShapeIsItsOptionsAndAnOptionGivenOverridesIt(@TempDir Path dir) throws Exception {
    Path preset = dir.resolve("preset.json");
    Path spelled = dir.resolve("spelled.json");
    Path overridden = dir.resolve("overridden.json");

    assertThat(generate("--out", preset.toString(), "--items", "20", "--shape", "payer-like"))
        .isZero();
    List<String> args = new ArrayList<>(List.of("--out", spelled.toString(), "--items", "20"));
    args.addAll(List.of(GenerateCommand.PAYER_LIKE_OPTIONS.split(" ")));
    assertThat(generate(args.toArray(String[]::new))).isZero();
    assertThat(generate("--out", overridden.toString(), "--items", "20", "--shape", "payer-like",
        "--npis-per-group", "1..3")).isZero();

    assertThat(Files.readAllBytes(spelled)).isEqualTo(Files.readAllBytes(preset));
    String overriddenJson = Files.readString(overridden);
    assertThat(overriddenJson).containsPattern("\"service_code\":\\[(\"[0-9]{2}\",){5,}");
    assertThat(overriddenJson).doesNotContainPattern("\"npi\":\\[([0-9]+,){3,}");
  }

  @Test
  void defaultShapeIsTheDefaultSpec() throws Exception {
    GeneratorSpec.Builder spec = GeneratorSpec.builder().items(40);
    assertThat(bytes(spec.build()))
        .isEqualTo(bytes(GeneratorSpec.builder().shape(Shape.PAYER_LIKE).shape(Shape.DEFAULT)
            .items(40).build()));
  }

  private static int generate(String... args) {
    CommandLine cli = new CommandLine(new GenerateCommand());
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    assertThat(exit).as(err.toString()).isIn(0, 2);
    return exit;
  }

  private static byte[] bytes(GeneratorSpec spec) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TicFileGenerator.write(spec, out);
    return out.toByteArray();
  }
}
