package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PreprocessCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void printsAOneLineJsonSummary() throws IOException {
    Path source = Files.writeString(dir.resolve("s.json"),
        TestSources.object(TestSources.REFERENCES, TestSources.IN_NETWORK));

    int exit = execute(source.toString(), "--out", dir.resolve("out").toString(),
        "--chunk-mb", "1", "--chunk-codec", "gzip");

    assertThat(exit).isZero();
    assertThat(out.toString()).hasLineCount(1);
    Map<String, Object> summary = JsonTree.map(JsonTree.parse(out.toString().trim()));
    assertThat(summary.get("expected_rows")).hasToString("26");
    assertThat(summary.get("negotiated_rates")).hasToString("4");
    assertThat(summary).containsKeys("json_bytes", "seconds", "mb_per_s");
    assertThat(dir.resolve("out/in_network/part-00000.jsonl.gz")).exists();
  }

  @Test
  void missingInputIsAnIoError() {
    int exit = execute(dir.resolve("missing.json").toString(), "--out", dir.toString());

    assertThat(exit).isEqualTo(PreprocessCommand.EXIT_IO_ERROR);
    assertThat(err.toString()).contains("Cannot preprocess", "missing.json");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(execute("x.json", "--out", dir.toString(), "--chunk-codec", "zip"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Unknown chunk codec 'zip'");
    assertThat(execute("x.json", "--out", dir.toString(), "--chunk-mb", "0"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(execute("x.json")).isEqualTo(CommandLine.ExitCode.USAGE);
  }

  private int execute(String... args) {
    return new CommandLine(new PreprocessCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }
}
