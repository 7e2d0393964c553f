package io.ptlake.preprocess;

import static io.ptlake.preprocess.ErrorPosition.after;
import static io.ptlake.preprocess.ErrorPosition.end;
import static io.ptlake.preprocess.TestSources.HEADER;
import static io.ptlake.preprocess.TestSources.IN_NETWORK;
import static io.ptlake.preprocess.TestSources.REFERENCES;
import static io.ptlake.preprocess.TestSources.object;
import static io.ptlake.preprocess.TestSources.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A bad source fails with its exact position, through the reference splitter and through the fast
 * one (which gives up and leaves the report to the reference), and leaves neither a manifest nor
 * chunk files.
 */
class MalformedInputTest {
  private static final byte[] VALID = utf8(object(HEADER, REFERENCES, IN_NETWORK));

  @TempDir Path dir;
  private Path out;

  static Stream<Arguments> malformed() {
    byte[] gzip = TestSources.gzip(VALID);
    int cut = new String(VALID).indexOf("\"negotiated_prices\":[]");
    return Stream.of(
        // Cut at a known byte: the error is at the end of what is left.
        Arguments.of("truncated JSON", Arrays.copyOf(VALID, cut),
            "Unexpected end-of-input", "in_network[1].negotiated_rates[1]", end()),
        // The inflater stops where the cut gzip stream can no longer be decoded.
        Arguments.of("truncated gzip", Arrays.copyOf(gzip, gzip.length * 2 / 3),
            "Cannot decompress gzip", "byte offset", end()),
        Arguments.of("trailing garbage", utf8(new String(VALID) + " x"),
            "Unrecognized token 'x'", "in the top-level value", after(" x")),
        Arguments.of("second top-level value", utf8(new String(VALID) + "\n{}"),
            "Expected end of input after the top-level object, found an object",
            "in the top-level value", after("}\n{")),
        Arguments.of("top-level array", utf8("[" + new String(VALID) + "]"),
            "Expected the top-level value to be an object, found an array", "at byte offset 1 ",
            after("[")),
        Arguments.of("in_network not an array", utf8(object(HEADER, "\"in_network\":{}")),
            "Expected in_network to be an array, found an object", "in in_network at",
            after("\"in_network\":{")),
        Arguments.of("object as an id",
            utf8(object("\"in_network\":[{\"negotiated_rates\":[{\"provider_references\":[{}]}]}]")),
            "Expected a provider_references entry to be a number or a string, found an object",
            "in in_network[0].negotiated_rates[0].provider_references[0] at",
            after("\"provider_references\":[{")));
  }

  /** Each case through the reference splitter alone, and through the fast one first. */
  static Stream<Arguments> malformedBySplitter() {
    return malformed().flatMap(c -> Stream.of(true, false).map(referenceOnly -> {
      Object[] args = Arrays.copyOf(c.get(), 6);
      args[5] = referenceOnly;
      return Arguments.of(args);
    }));
  }

  @BeforeEach
  void previousOutput() throws IOException {
    out = dir.resolve("out");
    PreprocessorTest.run(Files.write(dir.resolve("valid.json"), VALID), out, 100, ChunkCodec.NONE);
  }

  @ParameterizedTest(name = "{0}, reference splitter only: {5}")
  @MethodSource("malformedBySplitter")
  void preprocessorReportsWhereAndCleansUp(String name, byte[] content, String problem,
      String where, ErrorPosition.At at, boolean referenceOnly) throws IOException {
    Path source = Files.write(dir.resolve("bad-source.json.gz"), content);
    Preprocessor preprocessor = new Preprocessor(
        PreprocessConfig.builder(source.toString(), out).chunkBytes(100).build(), referenceOnly);
    ErrorPosition position = ErrorPosition.in(content, at);

    assertThatThrownBy(preprocessor::run)
        .isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith("Cannot preprocess " + source + ": ")
        .hasMessageContaining(problem)
        .hasMessageContaining(where)
        .hasMessageMatching("(?s).* at byte offset \\d+ \\(line \\d+, column \\d+\\)$")
        .hasMessageEndingWith(position.messageEnd())
        .extracting(e -> ((MalformedInputException) e).byteOffset())
        .isEqualTo(position.offset());
    assertThat(preprocessor.fellBack()).as("the fast splitter gave up").isEqualTo(!referenceOnly);
    assertThat(filesIn(out)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void commandExitsWithTwo(String name, byte[] content, String problem, String where,
      ErrorPosition.At at) throws IOException {
    Path source = Files.write(dir.resolve("bad-source.json"), content);
    StringWriter err = new StringWriter();

    int exit = new CommandLine(new PreprocessCommand())
        .setErr(new PrintWriter(err))
        .execute(source.toString(), "--out", out.toString(), "--quiet");

    assertThat(exit).isEqualTo(PreprocessCommand.EXIT_MALFORMED_INPUT);
    assertThat(err.toString()).contains("bad-source.json", "byte offset", problem,
        ErrorPosition.in(content, at).messageEnd());
    assertThat(filesIn(out)).isEmpty();
  }

  private static Stream<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList().stream();
    }
  }
}
