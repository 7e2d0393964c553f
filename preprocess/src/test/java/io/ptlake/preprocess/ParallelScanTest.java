package io.ptlake.preprocess;

import static io.ptlake.preprocess.TestSources.HEADER;
import static io.ptlake.preprocess.TestSources.IN_NETWORK;
import static io.ptlake.preprocess.TestSources.REFERENCES;
import static io.ptlake.preprocess.TestSources.object;
import static io.ptlake.preprocess.TestSources.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.Count;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.IntRange;
import io.ptlake.generator.TicFileGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parallel scan of negotiated rates against the scan on one thread, through source blocks of
 * a few bytes: rates, strings, escapes and numbers cross block ends while the walking thread finds
 * their ends, units hold a few rates, and rates longer than the element bound are replayed on the
 * walking thread. The output (chunk bytes, part boundaries, counts, rows, remote entries) must be
 * the same, and so must the first problem of a malformed file, message and offset.
 */
class ParallelScanTest {
  private static final long CHUNK_BYTES = 700;

  @TempDir Path dir;

  static Stream<Arguments> documents() throws IOException {
    List<Arguments> documents = new ArrayList<>();
    documents.add(Arguments.of("the shared sample", object(HEADER, REFERENCES, IN_NETWORK)));
    documents.add(Arguments.of("pretty printed",
        TestSources.pretty(object(HEADER, REFERENCES, IN_NETWORK))));
    documents.add(Arguments.of("strings that look like structure", object(
        "\"in_network\":[{\"negotiated_rates\":[{\"a\":\"}]\\\"{[\\\\\",\"y\":\"_Y\\u005d\"},"
            + "{\"b\":[\"\\\\\",\"\\\\\\\\\\\"]\"],\"c\":{\"d\":[[],{}]}},{},"
            + "{\"e\":\"\u00e9\ud83d\ude00\"}]}]")));
    for (GeneratorSpec.Shape shape : GeneratorSpec.Shape.values()) {
      GeneratorSpec spec = GeneratorSpec.builder().shape(shape).items(6).providerReferences(10)
          .ratesPerItem(IntRange.of(1, 8)).npisPerGroup(Count.parse("pareto:1..60")).build();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      TicFileGenerator.write(spec, out);
      String json = out.toString(StandardCharsets.UTF_8);
      documents.add(Arguments.of(shape + " compact", json));
      documents.add(Arguments.of(shape + " with blanks",
          json.replace(",", ", ").replace(":", ": ")));
    }
    return documents.stream();
  }

  /** Units of a few rates; the bound makes the longest rates go to the walking thread. */
  private static final List<ParallelScan.Sizes> PARALLEL = List.of(
      new ParallelScan.Sizes(1, 1, 400),
      new ParallelScan.Sizes(2, 300, 3000),
      new ParallelScan.Sizes(3, 5000, 1 << 20));

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void sameOutputAsOneThread(String name, String json) throws IOException {
    byte[] bytes = utf8(json);
    // a byte per block only for the small documents: each block is a hand-over between threads
    int[] blocks = bytes.length < 10_000 ? new int[] {1, 7, 4096} : new int[] {7, 61, 4096};
    for (int blockBytes : blocks) {
      String serial = split(bytes, blockBytes, ParallelScan.Sizes.of(0), "serial");
      assertThat(serial).doesNotStartWith("failed");
      for (ParallelScan.Sizes scan : PARALLEL) {
        assertThat(split(bytes, blockBytes, scan, "parallel"))
            .as("%s in blocks of %d bytes", scan, blockBytes)
            .isEqualTo(serial);
      }
    }
  }

  static Stream<Arguments> malformed() {
    String rate = "{\"provider_references\":[1],\"negotiated_prices\":[{\"negotiated_rate\":1.5}]}";
    String rates = (rate + ",").repeat(30);
    return Stream.of(
        Arguments.of("a bad number in a rate", rates + rate.replace("1.5", "1.5.") + "," + rate),
        Arguments.of("two bad rates: the first counts",
            rates + rate.replace("1.5", "01") + "," + rates + rate.replace("[1]", "[1,]")),
        Arguments.of("a bad rate, then only bad ones: the first counts",
            rates + rate.replace("1.5", "01") + ("," + rate.replace("[1]", "[1,]")).repeat(40)),
        Arguments.of("a bad rate, then a bad separator",
            rates + rate.replace("\"negotiated_rate\"", "\"x\\q\"") + "," + rate + ";" + rate),
        Arguments.of("a bad separator after good rates", rates + rate + " " + rate),
        Arguments.of("unbalanced brackets", rates + rate.replace("[1]", "[1}") + "," + rate),
        Arguments.of("truncated in a string", rates + "{\"a\":\"abc"),
        Arguments.of("truncated after a backslash", rates + "{\"a\":\"abc\\"),
        Arguments.of("a bad rate, then a bad item field",
            rates + rate.replace("1.5", "-") + "],\"billing_code\":tru,\"negotiated_rates\":["
                + rate));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void firstProblemOfTheFileIsReported(String name, String rates) throws IOException {
    byte[] bytes = utf8("{\"in_network\":[{\"negotiated_rates\":[" + rates + "]}]}");
    for (int blockBytes : new int[] {1, 13, 4096}) {
      String serial = split(bytes, blockBytes, ParallelScan.Sizes.of(0), "serial");
      assertThat(serial).startsWith("failed: ").contains("at byte offset");
      for (ParallelScan.Sizes scan : PARALLEL) {
        assertThat(split(bytes, blockBytes, scan, "parallel"))
            .as("%s in blocks of %d bytes", scan, blockBytes)
            .isEqualTo(serial);
      }
    }
  }

  /** The chunk files, chunk list, counts, rows, header and remote entries, or the failure. */
  private String split(byte[] json, int blockBytes, ParallelScan.Sizes scan, String name)
      throws IOException {
    Path out = dir.resolve(name);
    LocalOutputLocation output = new LocalOutputLocation(out);
    for (ChunkKind kind : ChunkKind.values()) {
      output.deleteDirectory(kind.directory());
    }
    Map<ChunkKind, ChunkWriter> writers = new EnumMap<>(ChunkKind.class);
    for (ChunkKind kind : ChunkKind.values()) {
      writers.put(kind,
          new ChunkWriter(kind, output, TicJson.FACTORY, ChunkCodec.NONE, CHUNK_BYTES));
    }
    try (BlockPipeline pipeline =
            new BlockPipeline(new ByteArrayInputStream(json), blockBytes, 3, "test-read");
        FastTicSplitter splitter = new FastTicSplitter(pipeline, writers, read -> { }, scan)) {
      pipeline.start();
      splitter.split();
      List<Manifest.Chunk> chunks = new ArrayList<>();
      for (ChunkWriter writer : writers.values()) {
        chunks.addAll(writer.finish());
      }
      StringBuilder remote = new StringBuilder();
      for (ReferenceStage.RemoteEntry entry : splitter.remoteEntries()) {
        remote.append(entry.id()).append(' ').append(entry.location()).append(' ')
            .append(entry.record() == null ? "-" : new String(entry.record(), StandardCharsets.UTF_8));
      }
      return BadInputCorpusTest.chunkFiles(out) + "\n" + chunks + "\n" + splitter.counts()
          + "\n" + splitter.expectedRows() + "\n" + splitter.header() + "\n" + remote
          + "\n" + splitter.jsonBytes();
    } catch (FastPathUnsupported e) {
      for (ChunkWriter writer : writers.values()) {
        writer.abort(e);
      }
      return "failed: " + e.getMessage();
    }
  }
}
