package io.ptlake.preprocess;

import static io.ptlake.preprocess.TestSources.HEADER;
import static io.ptlake.preprocess.TestSources.IN_NETWORK;
import static io.ptlake.preprocess.TestSources.REFERENCES;
import static io.ptlake.preprocess.TestSources.object;
import static io.ptlake.preprocess.TestSources.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast splitter against the reference one: the same chunk files byte for byte and the same
 * manifest (but its timestamp), on generated files and on documents built to hit every rendering
 * rule; and it must not fall back on any valid document here.
 */
class FastTicSplitterTest {
  private static final String RATE_TAIL =
      ",\"negotiated_prices\":[{\"negotiated_rate\":1.50,\"x\":null}]}";

  @TempDir Path dir;

  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("the shared sample", object(HEADER, REFERENCES, IN_NETWORK)),
        Arguments.of("pretty printed", TestSources.pretty(object(HEADER, REFERENCES, IN_NETWORK))),
        Arguments.of("blanks everywhere",
            " \r\n\t{ \"a\" : [ 1 , -2.5e+3 , true , false , null , { } , [ ] ] ,\n"
                + "\"in_network\" : [ { \"negotiated_rates\" : [ { \"provider_references\" : [ 1 , \"2\" ] ,"
                + " \"negotiated_prices\" : [ { } , [ ] ] } ] , \"b\" : \"c\" } ] }\n\n"),
        Arguments.of("escapes", object(
            "\"h\\\"x\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0001\\u001f\\u0041\\u00e9\\u20ac\\ud83d\\ude00\\udc00\"",
            "\"in_network\":[{\"n\\u0061me\":\"q\\\"\\/\\u007f\",\"negotiated_rates\":[{\"provider_groups\":"
                + "[{\"npi\":[1],\"tin\":{\"value\":\"\\u2028\\\\\"}}]" + RATE_TAIL + "]}]")),
        Arguments.of("escaped key names", object(
            "\"in\\u005fnetwork\":[{\"negotiated\\u005frates\":[{\"npi\":[]" + RATE_TAIL + "]}]",
            "\"provider\\u005freferences\":[{\"provider_group_id\":\"\\u0037\"}]")),
        Arguments.of("multi-byte UTF-8", object(
            "\"reporting_entity_name\":\"Caf\u00e9 \u20ac \u4e2d\u6587 \ud83d\ude00 \u00ff\"",
            "\"in_network\":[{\"description\":\"\u00e9\ud83c\udf89x\",\"negotiated_rates\":[{\"\u00e9\":"
                + "[\"\ud83d\ude00\"]" + RATE_TAIL + "]}]")),
        Arguments.of("ids in every form", object(
            "\"provider_references\":[{\"provider_group_id\":\"0010\"},{\"provider_group_id\":1e2},"
                + "{\"provider_group_id\":-3.50},{\"provider_group_id\":\"abc\\\"\"},"
                + "{\"provider_group_id\":12345678901234567890123},{\"provider_group_id\":0}]",
            "\"in_network\":[{\"negotiated_rates\":[{\"provider_references\":[\"100\",100.0,\"-3.5\","
                + "\"abc\\\"\",0,\"0\",7,1E+2]" + RATE_TAIL + "]}]")),
        Arguments.of("odd but valid structure", object(
            "\"in_network\":[]", "\"provider_references\":[]", "\"x\":{\"in_network\":5}",
            "\"in_network\":[{},{\"negotiated_rates\":[]},{\"negotiated_rates\":[{}]}]",
            "\"in_network\":[{\"negotiated_rates\":[{\"provider_groups\":5,\"negotiated_prices\":{}},"
                + "{\"provider_groups\":[1,{},{\"npi\":7},{\"npi\":[1,2],\"npi\":[3]}],"
                + "\"provider_references\":[],\"negotiated_prices\":[1,[2],{\"a\":[]}],"
                + "\"negotiated_prices\":[3]}]}]",
            "\"provider_references\":[{},{\"provider_groups\":\"x\",\"location\":null},"
                + "{\"provider_group_id\":5,\"provider_group_id\":6,\"provider_groups\":[[]]}]",
            "\"version\":\"1\"", "\"version\":\"1\"", "\"flag\":true", "\"off\":false", "\"n\":null")),
        Arguments.of("npi arrays of every kind", object(
            "\"provider_references\":[{\"provider_group_id\":1,\"provider_groups\":[{\"npi\": [ ]},"
                + "{\"npi\":[ 1 ,\n2\t,-3 ]},{\"npi\":[0,1.5,2e3,-0.0E-1]},{\"npi\":[\"4\",null,[5],{\"a\":6},true]}]}]",
            "\"in_network\":[{\"negotiated_rates\":[{\"provider_groups\":[{\"npi\":[7 , 8]},"
                + "{\"tin\":{},\"npi\":[[],9]},{\"npi\":[10]}],\"provider_references\":[1]" + RATE_TAIL
                + "]}]")),
        Arguments.of("deep copied value", object(
            "\"in_network\":[{\"negotiated_rates\":[{\"deep\":" + "[".repeat(200) + "]".repeat(200)
                + RATE_TAIL + "]}]")),
        Arguments.of("empty object", "{}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void sameOutputAsTheReferenceSplitter(String name, String json) throws IOException {
    byte[] bytes = utf8(json);
    assertSameOutput(Files.write(dir.resolve("doc.json"), bytes), 1);
    assertSameOutput(Files.write(dir.resolve("doc.json.gz"), TestSources.gzip(bytes)), 1 << 20);
  }

  static Stream<Arguments> specs() {
    return Stream.of(
        Arguments.of("v1", GeneratorSpec.builder().items(300)),
        Arguments.of("v2 pretty gzip",
            GeneratorSpec.builder().version(GeneratorSpec.Version.V2).items(300).pretty(true).gzip(true)),
        Arguments.of("references last, header at the end",
            GeneratorSpec.builder().items(200).references(GeneratorSpec.ReferencesPlacement.LAST)
                .header(GeneratorSpec.HeaderPlacement.END).scalarsAfterRatesFraction(0.5)
                .duplicateReferenceFraction(0.2)),
        Arguments.of("giant item", GeneratorSpec.builder().items(3).giantItems(1, 6L << 20).gzip(true)));
  }

  /** Several MiB each, so that tokens cross the 1 MiB block boundaries of the pipeline. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void sameOutputOnGeneratedFiles(String name, GeneratorSpec.Builder spec) throws IOException {
    Path source = dir.resolve("generated.json");
    TicFileGenerator.write(spec.build(), source);
    assertSameOutput(source, 1 << 20);
  }

  @Test
  void malformedInputFallsBackToTheReferenceSplitter() throws IOException {
    Path source = Files.write(dir.resolve("bad.json"), utf8("{\"in_network\":[{\"a\":01}]}"));
    Preprocessor fast = new Preprocessor(config(source, dir.resolve("out"), 100), false);
    try {
      fast.run();
    } catch (MalformedInputException e) {
      assertThat(e).hasMessageContaining("Invalid numeric value: Leading zeroes not allowed");
    }
    assertThat(fast.fellBack()).isTrue();
  }

  /** npi arrays are checked in place as they are copied: each of these must reach the reference. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[1,]", "[,1]", "[1 2]", "[01]", "[1,-]", "[1.]", "[1e]", "[1}", "[1", "[-a]"})
  void malformedNpiArraysFallBackToTheReferenceSplitter(String npis) throws IOException {
    Path source = Files.write(dir.resolve("bad.json"), utf8(
        "{\"in_network\":[{\"negotiated_rates\":[{\"provider_groups\":[{\"npi\":" + npis
            + "}]" + RATE_TAIL + "]}]}"));
    Preprocessor fast = new Preprocessor(config(source, dir.resolve("out"), 100), false);

    assertThatThrownBy(fast::run).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("in_network[0].negotiated_rates[0].provider_groups[0].npi");
    assertThat(fast.fellBack()).isTrue();
  }

  /**
   * The fast path on one thread and with small units on two scanner threads (so that rates are
   * spread over many units and long ones are scanned on the walking thread) against the
   * reference.
   */
  private void assertSameOutput(Path source, long chunkBytes) throws IOException {
    Path referenceOut = dir.resolve("reference");
    Manifest referenceManifest =
        new Preprocessor(config(source, referenceOut, chunkBytes), true).run();
    for (ParallelScan.Sizes scan : List.of(
        ParallelScan.Sizes.of(0), new ParallelScan.Sizes(2, 256, 2048))) {
      Path fastOut = dir.resolve("fast-" + scan.threads());
      Preprocessor fast = new Preprocessor(config(source, fastOut, chunkBytes), false, scan);
      Manifest fastManifest = fast.run();

      assertThat(fast.fellBack()).as("fell back to the reference splitter").isFalse();
      assertThat(fastManifest.chunks()).isEqualTo(referenceManifest.chunks());
      assertThat(fastManifest.counts()).isEqualTo(referenceManifest.counts());
      assertThat(fastManifest.header()).isEqualTo(referenceManifest.header());
      assertThat(fastManifest.expectedRows()).isEqualTo(referenceManifest.expectedRows());
      assertThat(fastManifest.source()).isEqualTo(referenceManifest.source());
      assertThat(files(fastOut)).as(scan.toString()).isEqualTo(files(referenceOut));
    }
  }

  private static PreprocessConfig config(Path source, Path out, long chunkBytes) {
    return PreprocessConfig.builder(source.toString(), out).chunkBytes(chunkBytes).build();
  }

  /** Every chunk file's text by relative path, the manifest left out. */
  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(file).toString();
        if (!name.startsWith("manifest")) {
          files.put(name, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
      }
    }
    return files;
  }
}
