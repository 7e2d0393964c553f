package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new GenerateCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void writesTheFileItsCountsAndPrintsThem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("x.json");

    int exit =
        run(
            "--out",
            file.toString(),
            "--items",
            "30",
            "--version",
            "2",
            "--refs",
            "last",
            "--header",
            "end",
            "--gzip",
            "--pretty",
            "--seed",
            "9",
            "--references",
            "20",
            "--rates-per-item",
            "2..4",
            "--giant-items",
            "1",
            "--giant-item-mb",
            "0.05");

    assertThat(exit).as(err.toString()).isZero();
    ExpectedCounts printed = ExpectedCounts.fromJson(out.toString());
    assertThat(printed.inNetworkItems()).isEqualTo(30);
    assertThat(ExpectedCounts.fromJson(Files.readString(ExpectedCounts.sidecarOf(file))))
        .isEqualTo(printed);
    assertThat(TicFileOracle.read(file).counts()).isEqualTo(printed);
    GeneratorSpec same =
        GeneratorSpec.builder()
            .items(30)
            .version(GeneratorSpec.Version.V2)
            .references(GeneratorSpec.ReferencesPlacement.LAST)
            .header(GeneratorSpec.HeaderPlacement.END)
            .gzip(true)
            .pretty(true)
            .seed(9)
            .providerReferences(20)
            .ratesPerItem(IntRange.of(2, 4))
            .giantItems(1, Math.round(0.05 * GeneratorSpec.BYTES_PER_MB))
            .build();
    assertThat(TicFileGenerator.write(same, dir.resolve("same.json"))).isEqualTo(printed);
  }

  @Test
  void helpWorksDespiteTheVersionOption() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--version=1|2", "--refs=first|last|absent");
  }

  @Test
  void badValuesAreUsageErrors(@TempDir Path dir) {
    String file = dir.resolve("x.json").toString();

    assertThat(run("--out", file, "--refs", "middle")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--refs", "expected one of first, last, absent but was 'middle'");
    assertThat(run("--out", file, "--version", "2", "--inline-fraction", "0.5")).isEqualTo(2);
    assertThat(err.toString()).contains("Cannot use inlineGroupFraction 0.5 with V2");
    assertThat(run("--out", file, "--items", "3", "--size-mb", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
    assertThat(Files.exists(Path.of(file))).isFalse();
  }
}
