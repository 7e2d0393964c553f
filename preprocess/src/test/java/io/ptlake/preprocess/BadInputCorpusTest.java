package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Every {@link BadInputCorpus} case through the reference splitter, the fast splitter and the
 * command. The two splitters must agree: a file one rejects the other rejects with the same
 * message (the fast one by giving up, never by accepting it), and a file one accepts the other
 * turns into the same chunk bytes and counts.
 */
class BadInputCorpusTest {
  @TempDir Path dir;
  private Path out;

  /** Each run replaces a previous complete output: a failed run must leave none of it. */
  @BeforeEach
  void previousOutput() throws IOException {
    out = dir.resolve("out");
    PreprocessorTest.run(
        Files.write(dir.resolve("valid.json"), BadInputCorpus.VALID), out, 100, ChunkCodec.NONE);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BadInputCorpus.class)
  void bothSplittersGiveTheCaseItsOutcome(BadInputCorpus bad) throws IOException {
    Path source = dir.resolve("case-" + bad.name().toLowerCase() + ".json");
    bad.write(source);
    BadInputCorpus.Outcome outcome = bad.outcome;

    if (outcome.malformed()) {
      MalformedInputException reference = catchThrowableOfType(
          () -> preprocessor(source, true).run(), MalformedInputException.class);
      assertThat(reference).as("reference splitter rejects").isNotNull();
      assertMalformed(reference, source, bad);

      Preprocessor fast = preprocessor(source, false);
      MalformedInputException fastError =
          catchThrowableOfType(fast::run, MalformedInputException.class);
      assertThat(fast.fellBack()).as("the fast splitter gave up instead of accepting").isTrue();
      assertThat(fastError).as("fast path, then reference").isNotNull();
      assertMalformed(fastError, source, bad);
      if (bad.exactPosition()) {
        assertThat(fastError.getMessage()).isEqualTo(reference.getMessage());
      } else {
        assertThat(fastError.getMessage().replaceAll("\\d+", "N"))
            .isEqualTo(reference.getMessage().replaceAll("\\d+", "N"));
      }
      assertThat(files(out)).as("nothing left in the output").isEmpty();
      return;
    }

    Manifest reference = preprocessor(source, true).run();
    Map<String, String> referenceFiles = chunkFiles(out);
    Preprocessor fast = preprocessor(source, false);
    Manifest fastManifest = fast.run();

    assertThat(fastManifest.counts()).isEqualTo(reference.counts());
    assertThat(fastManifest.expectedRows()).isEqualTo(reference.expectedRows());
    assertThat(fastManifest.header()).isEqualTo(reference.header());
    assertThat(chunkFiles(out)).isEqualTo(referenceFiles);
    assertThat(reference.counts()).containsAllEntriesOf(outcome.counts());
    assertThat(reference.expectedRows()).isEqualTo(outcome.expectedRows());
    String allChunks = String.join("\n", referenceFiles.values());
    for (String text : outcome.chunkText()) {
      assertThat(allChunks).contains(text);
    }
    assertThat(out.resolve(ManifestFields.MANIFEST_FILE)).exists();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BadInputCorpus.class)
  void commandExitCodeAndMessage(BadInputCorpus bad) throws IOException {
    Path source = dir.resolve("case-" + bad.name().toLowerCase() + ".json");
    bad.write(source);
    StringWriter err = new StringWriter();
    StringWriter stdout = new StringWriter();

    int exit = new CommandLine(new PreprocessCommand())
        .setOut(new PrintWriter(stdout))
        .setErr(new PrintWriter(err))
        .execute(source.toString(), "--out", out.toString(), "--quiet");

    if (bad.outcome.malformed()) {
      assertThat(exit).isEqualTo(PreprocessCommand.EXIT_MALFORMED_INPUT);
      assertThat(err.toString())
          .startsWith("Cannot preprocess " + source + ": ")
          .contains(bad.outcome.problem(), " at byte offset ");
      if (bad.outcome.at() != null) {
        assertThat(err.toString()).contains(
            ErrorPosition.in(bad.bytes(), bad.outcome.at()).messageEnd() + System.lineSeparator());
      }
      assertThat(files(out)).as("no manifest and no chunk files").isEmpty();
    } else {
      assertThat(exit).as(err.toString()).isZero();
      assertThat(stdout.toString()).contains("\"expected_rows\":" + bad.outcome.expectedRows());
      assertThat(out.resolve(ManifestFields.MANIFEST_FILE)).exists();
    }
  }

  /**
   * The error names the file, the problem, the path and (where the case pins it) the exact byte
   * offset, line and column the case's bytes put it at.
   */
  private static void assertMalformed(MalformedInputException e, Path source, BadInputCorpus bad) {
    BadInputCorpus.Outcome outcome = bad.outcome;
    assertThat(e)
        .hasMessageStartingWith("Cannot preprocess " + source + ": ")
        .hasMessageContaining(outcome.problem())
        .hasMessageMatching("(?s).* at byte offset \\d+ \\(line \\d+, column \\d+\\)$");
    if (outcome.at() != null) {
      ErrorPosition expected = ErrorPosition.in(bad.bytes(), outcome.at());
      assertThat(e).hasMessageEndingWith(expected.messageEnd());
      assertThat(e.byteOffset()).isEqualTo(expected.offset());
    }
    assertThat(e.uri()).isEqualTo(source.toString());
    assertThat(e.getMessage()).as("bounded, deep paths elided").hasSizeLessThan(1000);
    if (outcome.path() != null) {
      String where = outcome.path().isEmpty() ? "the top-level value" : outcome.path();
      assertThat(e).hasMessageContaining(" in " + where);
      assertThat(e.jsonPath()).startsWith(outcome.path());
    }
  }

  private Preprocessor preprocessor(Path source, boolean referenceOnly) {
    return new Preprocessor(
        PreprocessConfig.builder(source.toString(), out).chunkBytes(100).build(), referenceOnly);
  }

  /** Chunk files' text by relative path, the manifest left out. */
  static Map<String, String> chunkFiles(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    for (Path file : files(root).toList()) {
      String name = root.relativize(file).toString();
      if (!name.equals(ManifestFields.MANIFEST_FILE)) {
        files.put(name, Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  static Stream<Path> files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList().stream();
    }
  }
}
