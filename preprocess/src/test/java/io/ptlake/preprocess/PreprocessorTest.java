package io.ptlake.preprocess;

import static io.ptlake.preprocess.TestSources.HEADER;
import static io.ptlake.preprocess.TestSources.IN_NETWORK;
import static io.ptlake.preprocess.TestSources.REFERENCES;
import static io.ptlake.preprocess.TestSources.object;
import static io.ptlake.preprocess.TestSources.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreprocessorTest {
  @TempDir Path dir;

  static Stream<Arguments> layouts() {
    String refsFirst = object(HEADER, REFERENCES, IN_NETWORK);
    return Stream.of(
        Arguments.of("references first", utf8(refsFirst)),
        Arguments.of("references last", utf8(object(HEADER, IN_NETWORK, REFERENCES))),
        Arguments.of("references absent", utf8(object(HEADER, IN_NETWORK))),
        Arguments.of("header at end", utf8(object(REFERENCES, IN_NETWORK, HEADER))),
        Arguments.of("pretty", utf8(TestSources.pretty(refsFirst))),
        Arguments.of("gzip", TestSources.gzip(utf8(refsFirst))),
        Arguments.of("gzip members", TestSources.concatenatedGzip(utf8(refsFirst), 3)),
        Arguments.of("pretty gzip, refs last",
            TestSources.gzip(utf8(TestSources.pretty(object(IN_NETWORK, REFERENCES, HEADER))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void everyLayoutGivesTheSameRecordsAndCounts(String layout, byte[] content) throws IOException {
    Path source = write("source.json", content);
    Path out = dir.resolve("out");

    Manifest manifest = run(source, out, 300, ChunkCodec.NONE);

    Map<String, Object> tree = TicOracle.readSource(source);
    assertThat(TicOracle.countsAndRows(manifest)).isEqualTo(TicOracle.naiveCounts(tree));
    TicOracle.assertChunksHoldSource(tree, out, manifest);
    assertThat(manifest.header())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("reporting_entity_name", "Acme", "version", "1.0.0",
                "last_updated_on", "2024-05-01", "plan_id", "12345"));
    assertThat(manifest.source().compression())
        .isEqualTo(content[0] == (byte) 0x1f ? "gzip" : "none");
    assertThat(manifest.source().jsonBytes())
        .isEqualTo(TicOracle.open(source).readAllBytes().length);
    if (tree.containsKey("provider_references")) {
      assertThat(manifest.expectedRows()).isEqualTo(TestSources.EXPECTED_ROWS);
      assertThat(manifest.count(Manifest.UNDEFINED_REFERENCE_IDS)).isEqualTo(2);
    }
  }

  @Test
  void idsAreCanonicalStringsAndNumbersKeepTheirText() throws IOException {
    Path out = dir.resolve("out");
    run(write("s.json", utf8(object(REFERENCES, IN_NETWORK))), out, 1 << 20, ChunkCodec.NONE);

    List<String> rates = TicOracle.lines(out.resolve("in_network/part-00000.jsonl"));
    assertThat(rates.get(0))
        .startsWith("{\"item\":0,\"negotiated_prices\":[{")
        .contains("\"negotiated_rate\":20000.00,")
        .endsWith("\"provider_references\":[\"1\",\"1\",\"4\"]}");
    assertThat(rates.get(3)).contains("\"provider_references\":[\"40.0000000001\"]");
    assertThat(TicOracle.lines(out.resolve("provider_references/part-00000.jsonl")))
        .extracting(line -> line.substring(0, line.indexOf(',')))
        .containsExactly(
            "{\"provider_group_id\":\"1\"", "{\"provider_group_id\":\"2\"",
            "{\"network_name\":[\"n\"]", "{\"provider_group_id\":\"3\"");
    assertThat(Files.readString(out.resolve("in_network_items/part-00000.jsonl")))
        .isEqualTo(
            "{\"item\":0,\"billing_code\":\"A\",\"name\":\"after\",\"negotiated_rates_count\":2}\n"
                + "{\"item\":1,\"billing_code\":\"B\",\"bundled_codes\":[{\"billing_code\":\"27447\"}],"
                + "\"negotiated_rates_count\":2}\n");
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void chunksRollAfterTheRecordThatReachesTheSize(ChunkCodec codec) throws IOException {
    StringBuilder items = new StringBuilder("\"in_network\":[");
    for (int i = 0; i < 200; i++) {
      items.append(i == 0 ? "" : ",").append(object("\"billing_code\":\"" + i + "\"",
          "\"negotiated_rates\":[{\"negotiated_prices\":[{\"negotiated_rate\":1.10}]}]"));
    }
    Path source = write("s.json", utf8(object(items.append(']').toString())));
    Path out = dir.resolve("out");

    Manifest manifest = run(source, out, 1000, codec);

    List<Manifest.Chunk> rates = manifest.chunks(ChunkKind.RATES);
    assertThat(rates).hasSizeGreaterThan(5);
    for (int i = 0; i < rates.size(); i++) {
      assertThat(rates.get(i).path())
          .isEqualTo(String.format("in_network/part-%05d%s", i, codec.extension()));
    }
    for (Manifest.Chunk chunk : rates.subList(0, rates.size() - 1)) {
      long jsonBytes;
      try (InputStream in = TicOracle.open(out.resolve(chunk.path()))) {
        jsonBytes = in.readAllBytes().length;
      }
      // a part closes after the record that reaches 1000 bytes; one rate line is < 60 bytes
      assertThat(jsonBytes).isBetween(1000L, 1060L);
    }
    assertThat(manifest.chunks(ChunkKind.PROVIDER_REFERENCES)).isEmpty();
    assertThat(Files.exists(out.resolve("provider_references"))).isFalse();
    TicOracle.assertChunksHoldSource(TicOracle.readSource(source), out, manifest);
  }

  static Stream<ChunkCodec> codecs() {
    return Stream.of(ChunkCodec.values());
  }

  @Test
  void rerunReplacesTheOutput() throws IOException {
    Path out = dir.resolve("out");
    Path source = write("s.json", utf8(object(HEADER, REFERENCES, IN_NETWORK)));
    run(source, out, 10, ChunkCodec.NONE);
    assertThat(Files.exists(out.resolve("in_network/part-00003.jsonl"))).isTrue();

    Manifest manifest = run(source, out, 1 << 20, ChunkCodec.GZIP);

    try (Stream<Path> files = Files.walk(out)) {
      assertThat(files.filter(Files::isRegularFile).map(f -> out.relativize(f).toString()))
          .containsExactlyInAnyOrder(
              "manifest.json",
              "in_network/part-00000.jsonl.gz",
              "in_network_items/part-00000.jsonl.gz",
              "provider_references/part-00000.jsonl.gz");
    }
    assertThat(manifest.chunks()).hasSize(3);
  }

  @Test
  void manifestReadsBackAsWritten() throws IOException {
    Path out = dir.resolve("out");
    Manifest written =
        run(write("s.json", utf8(object(HEADER, REFERENCES, IN_NETWORK))), out, 200,
            ChunkCodec.GZIP);

    Manifest read;
    try (InputStream in = Files.newInputStream(out.resolve("manifest.json"))) {
      read = ManifestReader.read(in);
    }

    assertThat(read).isEqualTo(written);
    assertThat(read.format()).isEqualTo("ptlake-chunks/1");
    assertThat(read.toolVersion()).isNotBlank().isNotEqualTo("unknown");
    assertThat(read.chunkCodec()).isEqualTo(ChunkCodec.GZIP);
    assertThat(read.fileType()).isEqualTo("in-network-rates");
    assertThat(Files.exists(out.resolve("manifest.json.tmp"))).isFalse();
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  static Manifest run(Path source, Path out, long chunkBytes, ChunkCodec codec)
      throws IOException {
    PreprocessConfig config =
        PreprocessConfig.builder(source.toString(), out)
            .chunkBytes(chunkBytes)
            .chunkCodec(codec)
            .build();
    return new Preprocessor(config).run();
  }
}
