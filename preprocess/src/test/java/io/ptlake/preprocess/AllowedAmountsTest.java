package io.ptlake.preprocess;

import static io.ptlake.preprocess.JsonTree.list;
import static io.ptlake.preprocess.JsonTree.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Allowed-amounts (out-of-network) files: told by their shape, split into their own chunk set. */
class AllowedAmountsTest {
  /**
   * Scalars after the array, an empty npi list, a provider with no npi, a payment without
   * providers, an entry without payments, an item without allowed_amounts nor billing_code.
   */
  static final String ODD = """
      {"reporting_entity_name":"Acme","version":"1.0.0","out_of_network":[
        {"allowed_amounts":[
           {"tin":{"type":"ein","value":"1"},"billing_class":"professional","payments":[
              {"allowed_amount":25.00,"providers":[{"billed_charge":50,"npi":[1,2]},{"billed_charge":1,"npi":[]}]},
              {"allowed_amount":30,"providers":[{"billed_charge":60}]},
              {"allowed_amount":31}]},
           {"tin":{"type":"npi","value":"2"},"billing_class":"institutional"}],
         "name":"after","billing_code":"99214"},
        {"name":"no rates"},
        {"billing_code":"0200","allowed_amounts":[
           {"payments":{"allowed_amount":1}},
           {"payments":[{"allowed_amount":2,"providers":[{"npi":["3"]},7]}]}]}],
       "last_updated_on":"2024-05-01"}
      """;

  @TempDir Path dir;

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(CmsExamplesTest.examplesDir())) {
      List<Path> list = files
          .filter(f -> f.getParent().getFileName().toString().equals("allowed-amounts"))
          .filter(f -> f.toString().endsWith(".json"))
          .sorted()
          .toList();
      assertThat(list).hasSizeGreaterThanOrEqualTo(7);
      return list.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyCmsExampleIsSplitAndCountsMatchANaiveCount(Path example) throws IOException {
    for (boolean referenceOnly : new boolean[] {false, true}) {
      Path out = dir.resolve(referenceOnly ? "reference" : "fast");
      Manifest manifest = new Preprocessor(
          PreprocessConfig.builder(example.toString(), out).chunkBytes(300).build(), referenceOnly)
          .run();

      Map<String, Object> source = TicOracle.readSource(example);
      assertThat(manifest.fileType()).isEqualTo(Manifest.FILE_TYPE_ALLOWED_AMOUNTS);
      assertThat(TicOracle.countsAndRows(manifest)).isEqualTo(naiveCounts(source));
      assertChunksHoldSource(source, out, manifest);
      assertThat(manifest.source().jsonBytes()).isEqualTo(Files.size(example));
      Map<String, String> scalars = new LinkedHashMap<>();
      source.forEach((key, value) -> {
        if (value instanceof String text) {
          scalars.put(key, text);
        }
      });
      assertThat(manifest.header()).isEqualTo(scalars).containsKeys(
          "reporting_entity_name", "reporting_entity_type", "last_updated_on", "version");
      try (var in = Files.newInputStream(out.resolve(ManifestFields.MANIFEST_FILE))) {
        assertThat(ManifestReader.read(in)).isEqualTo(manifest);
      }
    }
  }

  static Stream<Arguments> handCounted() {
    return Stream.of(
        // v1.6.2 single plan: 1 item (99214) with 1 allowed_amounts entry (tin 1234567890) with
        //   1 payment (25.00) with 3 providers holding 3 + 1 + 4 = 8 npis.
        //   rows = max(1, max(1,3) + max(1,1) + max(1,4)) = 8
        Arguments.of("v1.6.2/allowed-amounts/allowed-amounts-single-plan-sample.json",
            counts(1, 1, 1, 3, 8, 0, 0), 8L,
            Map.of("plan_name", "medicare", "plan_id", "1111111111", "version", "1.0.0")),
        // v2.2.0 multiple plans: the same shape (1 item, 1 entry, 1 payment, providers of 3, 1
        //   and 4 npis) with a 2.x "setting" in the entry, no plan fields: 3 + 1 + 4 = 8 rows
        Arguments.of("v2.2.0/allowed-amounts/allowed-amounts-multiple-plan-sample.json",
            counts(1, 1, 1, 3, 8, 0, 0), 8L,
            Map.of("reporting_entity_name", "cms", "version", "2.0.0")),
        // v1.6.2 single plan, empty: out_of_network is [] -> no records, no chunk files
        Arguments.of("v1.6.2/allowed-amounts/allowed-amounts-single-plan-empty-sample.json",
            counts(0, 0, 0, 0, 0, 0, 0), 0L,
            Map.of("plan_market_type", "individual", "last_updated_on", "2020-08-27")));
  }

  @ParameterizedTest
  @MethodSource("handCounted")
  void countsMatchTheHandCount(String example, Map<String, Long> counts, long expectedRows,
      Map<String, String> header) throws IOException {
    Path file = CmsExamplesTest.examplesDir().resolve(example);
    Manifest manifest =
        new Preprocessor(PreprocessConfig.builder(file.toString(), dir).build()).run();

    assertThat(manifest.counts()).isEqualTo(counts);
    assertThat(manifest.expectedRows()).isEqualTo(expectedRows);
    assertThat(manifest.header()).containsAllEntriesOf(header);
    assertThat(manifest.remoteReferences()).isEmpty();
    if (expectedRows == 0) {
      assertThat(manifest.chunks()).isEmpty();
    } else {
      assertThat(manifest.chunks()).extracting(Manifest.Chunk::path).containsExactly(
          "out_of_network/part-00000.jsonl", "out_of_network_items/part-00000.jsonl");
    }
  }

  @Test
  void recordsAndCountsOfAnOddFile() throws IOException {
    Path source = Files.writeString(dir.resolve("odd.json"), ODD);
    Path out = dir.resolve("out");

    Manifest manifest = PreprocessorTest.run(source, out, 1 << 20, ChunkCodec.NONE);

    // items 3; entries 2 + 0 + 2 = 4; payments 3 + 0 (entry 2 has none) + 0 (an object) + 1 = 4;
    // providers 2 + 1 + 0 + 2 = 5; npis 2 + 0 + 0 + 1 = 3.
    // rows: payment 25.00 -> max(1,2) + max(1,0) = 3; 30 -> provider with no npi = 1;
    //   31 -> no providers = 1; item 2's last payment -> max(1,1) + (7: not an object) 1 = 2.
    //   total 7 (an entry without payments or with a non-array payments gives none)
    // type problems: item 2's entries 0 (payments an object) and 1 ("3" npi, 7 provider) = 2
    // missing fields: item 1 (no billing_code), item 0's entry 1 (no payments) = 2
    assertThat(manifest.counts()).isEqualTo(counts(3, 4, 4, 5, 3, 2, 2));
    assertThat(manifest.expectedRows()).isEqualTo(7);
    assertThat(manifest.header()).containsExactly(Map.entry("reporting_entity_name", "Acme"),
        Map.entry("version", "1.0.0"), Map.entry("last_updated_on", "2024-05-01"));
    assertThat(TicOracle.countsAndRows(manifest))
        .isEqualTo(naiveCounts(TicOracle.readSource(source)));
    List<String> items = TicOracle.lines(out.resolve("out_of_network_items/part-00000.jsonl"));
    assertThat(items).containsExactly(
        "{\"item\":0,\"name\":\"after\",\"billing_code\":\"99214\",\"allowed_amounts_count\":2}",
        "{\"item\":1,\"name\":\"no rates\",\"allowed_amounts_count\":0}",
        "{\"item\":2,\"billing_code\":\"0200\",\"allowed_amounts_count\":2}");
    List<String> entries = TicOracle.lines(out.resolve("out_of_network/part-00000.jsonl"));
    assertThat(entries).hasSize(4);
    assertThat(entries.get(0)).startsWith(
        "{\"item\":0,\"tin\":{\"type\":\"ein\",\"value\":\"1\"},\"billing_class\":\"professional\","
            + "\"payments\":[{\"allowed_amount\":25.00,");
    assertThat(entries.get(3)).isEqualTo("{\"item\":2,\"payments\":[{\"allowed_amount\":2,"
        + "\"providers\":[{\"npi\":[\"3\"]},7]}]}");
  }

  @Test
  void manyEntriesOfOneItemSpreadOverChunksOfTheTargetSize() throws IOException {
    StringBuilder json = new StringBuilder("{\"out_of_network\":[{\"allowed_amounts\":[");
    int entries = 2_000;
    for (int i = 0; i < entries; i++) {
      json.append(i == 0 ? "" : ",").append("{\"tin\":{\"type\":\"ein\",\"value\":\"").append(i)
          .append("\"},\"payments\":[{\"allowed_amount\":").append(i)
          .append(",\"providers\":[{\"npi\":[").append(1_000_000_000L + i).append("]}]}]}");
    }
    json.append("],\"billing_code\":\"X\"}]}");
    Path source = Files.writeString(dir.resolve("big.json"), json);

    Manifest manifest = PreprocessorTest.run(source, dir.resolve("out"), 4096, ChunkCodec.GZIP);

    List<Manifest.Chunk> parts = manifest.chunks(ChunkKind.ALLOWED_AMOUNTS);
    assertThat(parts).hasSizeGreaterThan(10);
    assertThat(parts).allMatch(part -> part.records() > 0 && part.records() < entries / 10);
    assertThat(parts.stream().mapToLong(Manifest.Chunk::records).sum()).isEqualTo(entries);
    assertThat(parts.get(0).path()).isEqualTo("out_of_network/part-00000.jsonl.gz");
    assertThat(manifest.count(Manifest.ALLOWED_AMOUNTS)).isEqualTo(entries);
    assertThat(manifest.expectedRows()).isEqualTo(entries);
  }

  @Test
  void anAllowedAmountsOutputReplacesAnInNetworkOutput() throws IOException {
    Path out = dir.resolve("out");
    Path inNetwork = Files.write(dir.resolve("in.json"),
        TestSources.utf8(TestSources.object(TestSources.HEADER, TestSources.REFERENCES,
            TestSources.IN_NETWORK)));
    PreprocessorTest.run(inNetwork, out, 100, ChunkCodec.NONE);
    assertThat(out.resolve("in_network")).exists();

    Manifest manifest = PreprocessorTest.run(
        Files.writeString(dir.resolve("aa.json"), ODD), out, 100, ChunkCodec.NONE);

    assertThat(manifest.fileType()).isEqualTo("allowed-amounts");
    assertThat(BadInputCorpusTest.chunkFiles(out).keySet())
        .allMatch(path -> path.startsWith("out_of_network"))
        .hasSize(manifest.chunks().size());
  }

  static Stream<Arguments> malformed() {
    byte[] valid = ODD.getBytes(StandardCharsets.UTF_8);
    int cut = ODD.indexOf("{\"allowed_amount\":30");
    return Stream.of(
        Arguments.of("truncated", Arrays.copyOf(valid, cut + 5),
            "Unexpected end-of-input", "out_of_network[0].allowed_amounts[0].payments[1]"),
        Arguments.of("truncated gzip",
            Arrays.copyOf(TestSources.gzip(valid), TestSources.gzip(valid).length / 2),
            "Cannot decompress gzip", "byte offset"),
        Arguments.of("out_of_network not an array",
            TestSources.utf8("{\"version\":\"1\",\"out_of_network\":{}}"),
            "Expected out_of_network to be an array, found an object", "in out_of_network at"),
        Arguments.of("allowed_amounts not an array",
            TestSources.utf8("{\"out_of_network\":[{\"name\":\"a\"},{\"allowed_amounts\":7}]}"),
            "Expected allowed_amounts to be an array, found a number",
            "in out_of_network[1].allowed_amounts at"),
        Arguments.of("an entry not an object",
            TestSources.utf8("{\"out_of_network\":[{\"allowed_amounts\":[{},[]]}]}"),
            "Expected an allowed_amounts element to be an object, found an array",
            "in out_of_network[0].allowed_amounts[1] at"),
        Arguments.of("in_network too",
            TestSources.utf8("{\"out_of_network\":[],\"in_network\":[]}"),
            "An allowed-amounts file (it has out_of_network) cannot also hold in_network",
            "in in_network at"),
        Arguments.of("trailing garbage", TestSources.utf8(ODD + "]"),
            "Unexpected close marker ']'", "in the top-level value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedFilesFailWithTheirPositionAndLeaveNothing(String name, byte[] content,
      String problem, String where) throws IOException {
    Path source = Files.write(dir.resolve("bad-aa.json"), content);
    Path out = dir.resolve("out");
    PreprocessorTest.run(Files.writeString(dir.resolve("good.json"), ODD), out, 100,
        ChunkCodec.NONE);

    for (boolean referenceOnly : new boolean[] {false, true}) {
      assertThatThrownBy(() -> new Preprocessor(
              PreprocessConfig.builder(source.toString(), out).chunkBytes(100).build(),
              referenceOnly).run())
          .isInstanceOf(MalformedInputException.class)
          .hasMessageStartingWith("Cannot preprocess " + source + ": ")
          .hasMessageContaining(problem)
          .hasMessageContaining(where)
          .hasMessageMatching("(?s).* at byte offset \\d+ \\(line \\d+, column \\d+\\)$");
      assertThat(BadInputCorpusTest.files(out)).as("no manifest, no chunks").isEmpty();
    }

    StringWriter err = new StringWriter();
    int exit = new CommandLine(new PreprocessCommand())
        .setErr(new PrintWriter(err))
        .execute(source.toString(), "--out", out.toString(), "--quiet");
    assertThat(exit).isEqualTo(PreprocessCommand.EXIT_MALFORMED_INPUT);
    assertThat(err.toString()).contains("bad-aa.json", "byte offset", problem);
    assertThat(BadInputCorpusTest.files(out)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theCommandTellsTheShapeNotTheName(boolean gzip) throws IOException {
    byte[] content = ODD.getBytes(StandardCharsets.UTF_8);
    // named like an in-network file: the content decides
    Path source = Files.write(dir.resolve("2024-05_in-network-rates.json"),
        gzip ? TestSources.gzip(content) : content);
    StringWriter stdout = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = new CommandLine(new PreprocessCommand())
        .setOut(new PrintWriter(stdout))
        .setErr(new PrintWriter(err))
        .execute(source.toString(), "--out", dir.resolve("out").toString(), "--quiet");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(stdout.toString()).contains("\"out_of_network_items\":3", "\"allowed_amounts\":4",
        "\"expected_rows\":7");
    assertThat(Files.readString(dir.resolve("out/manifest.json")))
        .contains("\"file_type\" : \"allowed-amounts\"",
            "\"compression\" : \"" + (gzip ? "gzip" : "none") + "\"");
  }

  private static Map<String, Long> counts(long items, long entries, long payments,
      long providers, long npis, long typeProblems, long missing) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(Manifest.OUT_OF_NETWORK_ITEMS, items);
    counts.put(Manifest.ALLOWED_AMOUNTS, entries);
    counts.put(Manifest.PAYMENTS, payments);
    counts.put(Manifest.PROVIDERS, providers);
    counts.put(Manifest.PROVIDER_NPIS, npis);
    counts.put(Manifest.RECORDS_WITH_TYPE_PROBLEMS, typeProblems);
    counts.put(Manifest.RECORDS_MISSING_FIELDS, missing);
    return counts;
  }

  /** The contract's counts and expected_rows, computed from the whole tree. */
  static Map<String, Long> naiveCounts(Map<String, Object> root) {
    long items = 0;
    long entries = 0;
    long payments = 0;
    long providers = 0;
    long npis = 0;
    long typeProblems = 0;
    long missing = 0;
    long rows = 0;
    for (Object item : list(root.get("out_of_network"))) {
      items++;
      missing += map(item).containsKey("billing_code") ? 0 : 1;
      for (Object entry : list(map(item).get("allowed_amounts"))) {
        entries++;
        Object entryPayments = map(entry).get("payments");
        missing += map(entry).containsKey("payments") ? 0 : 1;
        boolean problem = entryPayments != null && !(entryPayments instanceof List);
        for (Object payment : list(entryPayments)) {
          payments++;
          long weight = 0;
          if (!(payment instanceof Map)) {
            problem = true;
            rows++;
            continue;
          }
          Object paymentProviders = map(payment).get("providers");
          problem |= paymentProviders != null && !(paymentProviders instanceof List);
          for (Object provider : list(paymentProviders)) {
            providers++;
            if (!(provider instanceof Map)) {
              problem = true;
              weight++;
              continue;
            }
            Object npi = map(provider).get("npi");
            problem |= npi != null && !(npi instanceof List);
            List<Object> npiList = list(npi);
            npis += npiList.size();
            problem |= npiList.stream().anyMatch(n -> !(n instanceof BigDecimal b)
                || b.scale() > 0 || n.toString().contains("."));
            weight += Math.max(1, npiList.size());
          }
          rows += Math.max(1, weight);
        }
        typeProblems += problem ? 1 : 0;
      }
    }
    Map<String, Long> counts = counts(items, entries, payments, providers, npis, typeProblems,
        missing);
    counts.put("expected_rows", rows);
    return counts;
  }

  /** The chunks hold every entry (tagged with its item) and every item (without its array). */
  static void assertChunksHoldSource(Map<String, Object> source, Path out, Manifest manifest)
      throws IOException {
    Map<ChunkKind, List<Map<String, Object>>> records = TicOracle.readRecords(out, manifest);
    List<Object> expectedItems = new ArrayList<>();
    List<Object> expectedEntries = new ArrayList<>();
    List<Object> items = list(source.get("out_of_network"));
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> item = new LinkedHashMap<>(map(items.get(i)));
      List<Object> entries = list(item.remove("allowed_amounts"));
      for (Object entry : entries) {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("item", BigDecimal.valueOf(i));
        expected.putAll(map(entry));
        expectedEntries.add(expected);
      }
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("item", BigDecimal.valueOf(i));
      expected.putAll(item);
      expected.put("allowed_amounts_count", BigDecimal.valueOf(entries.size()));
      expectedItems.add(expected);
    }
    assertThat(records.get(ChunkKind.ALLOWED_AMOUNTS).toString())
        .isEqualTo(expectedEntries.toString());
    assertThat(records.get(ChunkKind.OUT_OF_NETWORK_ITEMS).toString())
        .isEqualTo(expectedItems.toString());
    assertThat(records.get(ChunkKind.RATES)).isEmpty();
    assertThat(records.get(ChunkKind.ITEMS)).isEmpty();
    assertThat(records.get(ChunkKind.PROVIDER_REFERENCES)).isEmpty();
  }
}
