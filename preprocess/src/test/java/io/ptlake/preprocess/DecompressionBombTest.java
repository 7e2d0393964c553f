package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A small gzip that inflates far beyond its size (8 KiB → 8 MiB of whitespace, valid JSON) stops at
 * the JSON limit with a malformed-input error, in both splitters and in the command.
 */
class DecompressionBombTest {
  private static final long LIMIT = 1L << 20;

  @TempDir Path dir;
  private Path bomb;

  @BeforeEach
  void bomb() throws IOException {
    bomb = dir.resolve("bomb.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
      out.write('{');
      byte[] blanks = " ".repeat(1 << 16).getBytes();
      for (int i = 0; i < 128; i++) {
        out.write(blanks);
      }
      out.write('}');
    }
    assertThat(Files.size(bomb)).isLessThan(64 << 10);
  }

  @Test
  void bothSplittersStopAtTheLimit() {
    MalformedInputException reference = catchThrowableOfType(
        () -> new Preprocessor(config(dir.resolve("ref")), true).run(),
        MalformedInputException.class);
    Preprocessor fast = new Preprocessor(config(dir.resolve("fast")), false);
    MalformedInputException fastError =
        catchThrowableOfType(fast::run, MalformedInputException.class);

    assertThat(reference).hasMessageStartingWith("Cannot preprocess " + bomb + ": Decompressed"
        + " JSON exceeds the limit of 1,048,576 bytes (--max-json-gb 0.001) in the top-level value"
        + " at byte offset ");
    assertThat(fast.fellBack()).isTrue();
    assertThat(fastError).hasMessage(reference.getMessage());
  }

  @Test
  void withinTheLimitTheSameFileIsFine() throws IOException {
    Manifest manifest = new Preprocessor(
        PreprocessConfig.builder(bomb.toString(), dir.resolve("out")).maxJsonBytes(9L << 20).build())
        .run();

    assertThat(manifest.source().jsonBytes()).isEqualTo((8L << 20) + 2);
  }

  @Test
  void theCommandExitsWithTwoAndPublishesNothing() throws IOException {
    Path out = dir.resolve("out");
    StringWriter err = new StringWriter();

    int exit = new CommandLine(new PreprocessCommand())
        .setErr(new PrintWriter(err))
        .execute(bomb.toString(), "--out", out.toString(), "--quiet", "--max-json-gb", "0.001");

    assertThat(exit).isEqualTo(PreprocessCommand.EXIT_MALFORMED_INPUT);
    assertThat(err.toString()).contains("Decompressed JSON exceeds the limit", "--max-json-gb");
    assertThat(BadInputCorpusTest.files(out)).isEmpty();
  }

  private PreprocessConfig config(Path out) {
    return PreprocessConfig.builder(bomb.toString(), out).maxJsonBytes(LIMIT).build();
  }
}
