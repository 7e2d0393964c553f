package io.ptlake.preprocess;

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

/** A bad source fails with its position and leaves neither a manifest nor chunk files. */
class MalformedInputTest {
  private static final byte[] VALID = utf8(object(HEADER, REFERENCES, IN_NETWORK));

  @TempDir Path dir;
  private Path out;

  static Stream<Arguments> malformed() {
    byte[] gzip = TestSources.gzip(VALID);
    int cut = new String(VALID).indexOf("\"negotiated_prices\":[]");
    return Stream.of(
        Arguments.of("truncated JSON", Arrays.copyOf(VALID, cut),
            "Unexpected end-of-input", "in_network[1].negotiated_rates[1]"),
        Arguments.of("truncated gzip", Arrays.copyOf(gzip, gzip.length * 2 / 3),
            "Cannot decompress gzip", "byte offset"),
        Arguments.of("trailing garbage", utf8(new String(VALID) + " x"),
            "Unrecognized token 'x'", "in the top-level value"),
        Arguments.of("second top-level value", utf8(new String(VALID) + "\n{}"),
            "Expected end of input after the top-level object, found an object", "in the top-level value"),
        Arguments.of("top-level array", utf8("[" + new String(VALID) + "]"),
            "Expected the top-level value to be an object, found an array", "at byte offset 1 "),
        Arguments.of("in_network not an array", utf8(object(HEADER, "\"in_network\":{}")),
            "Expected in_network to be an array, found an object", "in in_network at"),
        Arguments.of("object as an id",
            utf8(object("\"in_network\":[{\"negotiated_rates\":[{\"provider_references\":[{}]}]}]")),
            "Expected a provider_references entry to be a number or a string, found an object",
            "in in_network[0].negotiated_rates[0].provider_references[0] at"));
  }

  @BeforeEach
  void previousOutput() throws IOException {
    out = dir.resolve("out");
    PreprocessorTest.run(Files.write(dir.resolve("valid.json"), VALID), out, 100, ChunkCodec.NONE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void preprocessorReportsWhereAndCleansUp(String name, byte[] content, String problem,
      String where) throws IOException {
    Path source = Files.write(dir.resolve("bad-source.json.gz"), content);

    assertThatThrownBy(() -> PreprocessorTest.run(source, out, 100, ChunkCodec.NONE))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith("Cannot preprocess " + source + ": ")
        .hasMessageContaining(problem)
        .hasMessageContaining(where)
        .hasMessageMatching("(?s).* at byte offset \\d+ \\(line \\d+, column \\d+\\)$");
    assertThat(filesIn(out)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void commandExitsWithTwo(String name, byte[] content, String problem, String where)
      throws IOException {
    Path source = Files.write(dir.resolve("bad-source.json"), content);
    StringWriter err = new StringWriter();

    int exit = new CommandLine(new PreprocessCommand())
        .setErr(new PrintWriter(err))
        .execute(source.toString(), "--out", out.toString(), "--quiet");

    assertThat(exit).isEqualTo(PreprocessCommand.EXIT_MALFORMED_INPUT);
    assertThat(err.toString()).contains("bad-source.json", "byte offset", problem);
    assertThat(filesIn(out)).isEmpty();
  }

  private static Stream<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList().stream();
    }
  }
}
