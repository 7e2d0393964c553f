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
    assertThat(err.toString()).startsWith("preprocess: done, 0 MiB of JSON in ")
        .contains(", 26 expected rows, 1 remote provider files failed");
  }

  @Test
  void quietPrintsNothingOnStderr() throws IOException {
    Path source = Files.writeString(dir.resolve("s.json"), TestSources.object(TestSources.IN_NETWORK));

    int exit = execute(source.toString(), "--out", dir.resolve("out").toString(), "--quiet");

    assertThat(exit).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void progressLinesGiveRatePercentAndEta() {
    assertThat(ProgressReporter.line(300L << 20, 25L << 20, 100L << 20, 10))
        .isEqualTo("preprocess: 300 MiB of JSON read, 31 MB/s, 25.0% of 100 MiB stored, ETA 30s");
    assertThat(ProgressReporter.line(3L << 30, 5, -1, 3725))
        .isEqualTo("preprocess: 3,072 MiB of JSON read, 1 MB/s");
    assertThat(ProgressReporter.duration(3725)).isEqualTo("1h02m05s");
    assertThat(ProgressReporter.duration(125)).isEqualTo("2m05s");
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
    assertThat(execute("x.json", "--out", dir.toString(), "--remote-concurrency", "0"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Invalid fetch limits");
    assertThat(execute("x.json", "--out", dir.toString(), "--scan-threads", "-1"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--scan-threads must not be negative");
  }

  @Test
  void scanThreadsGiveTheSameChunks() throws IOException {
    Path source = Files.writeString(dir.resolve("s.json"),
        TestSources.object(TestSources.REFERENCES, TestSources.IN_NETWORK));

    assertThat(execute(source.toString(), "--out", dir.resolve("one").toString(), "--quiet"))
        .isZero();
    assertThat(execute(source.toString(), "--out", dir.resolve("three").toString(), "--quiet",
        "--scan-threads", "3")).isZero();

    assertThat(BadInputCorpusTest.chunkFiles(dir.resolve("three")))
        .isNotEmpty()
        .isEqualTo(BadInputCorpusTest.chunkFiles(dir.resolve("one")));
  }

  @Test
  void scanThreadsOnlyFromFourCores() {
    assertThat(PreprocessConfig.defaultScanThreads(1)).isZero();
    assertThat(PreprocessConfig.defaultScanThreads(2)).isZero();
    assertThat(PreprocessConfig.defaultScanThreads(3)).isZero();
    assertThat(PreprocessConfig.defaultScanThreads(4)).isEqualTo(2);
    assertThat(PreprocessConfig.defaultScanThreads(64)).isEqualTo(3);
  }

  private int execute(String... args) {
    return new CommandLine(new PreprocessCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }
}
