package io.ptlake.preprocess;

import static io.ptlake.preprocess.ErrorPosition.after;
import static io.ptlake.preprocess.ErrorPosition.end;
import static io.ptlake.preprocess.TestSources.HEADER;
import static io.ptlake.preprocess.TestSources.IN_NETWORK;
import static io.ptlake.preprocess.TestSources.REFERENCES;
import static io.ptlake.preprocess.TestSources.object;
import static io.ptlake.preprocess.TestSources.utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Bad (and odd but valid) in-network files, generated in code, each with the outcome that
 * docs/bad-input.md promises. {@link BadInputCorpusTest} runs every case through both splitters
 * and the command.
 */
enum BadInputCorpus {
  // ---- compression ----
  // The gzip cases fail where the inflater stops: at the end of the JSON that inflates.
  TRUNCATED_GZIP(malformed("Cannot decompress gzip (Unexpected end of ZLIB input stream)", null,
      end())) {
    @Override
    byte[] bytes() {
      byte[] gzip = TestSources.gzip(VALID);
      return Arrays.copyOf(gzip, gzip.length * 2 / 3);
    }
  },
  CORRUPT_GZIP_CRC(malformed("Cannot decompress gzip (Corrupt GZIP trailer)", null, end())) {
    @Override
    byte[] bytes() {
      byte[] gzip = TestSources.gzip(VALID);
      gzip[gzip.length - 8] ^= 0x5A; // the CRC-32 of the trailer
      return gzip;
    }
  },
  CONCATENATED_GZIP_MEMBERS(accepted(Map.of(Manifest.IN_NETWORK_ITEMS, 2L), TestSources.EXPECTED_ROWS)) {
    @Override
    byte[] bytes() {
      return TestSources.concatenatedGzip(VALID, 5);
    }
  },
  GZIP_THEN_NON_GZIP_BYTES(accepted(Map.of(Manifest.IN_NETWORK_ITEMS, 2L), TestSources.EXPECTED_ROWS)) {
    @Override
    byte[] bytes() {
      byte[] gzip = TestSources.gzip(VALID);
      byte[] tail = utf8("not gzip, not JSON");
      byte[] both = Arrays.copyOf(gzip, gzip.length + tail.length);
      System.arraycopy(tail, 0, both, gzip.length, tail.length);
      return both;
    }
  },
  GZIP_OF_NOTHING(malformed("Expected the top-level value to be an object, found end of input", "",
      end())) {
    @Override
    byte[] bytes() {
      return TestSources.gzip(new byte[0]);
    }
  },
  GZIP_MAGIC_ONLY(malformed("Cannot decompress gzip", null, end())) {
    @Override
    byte[] bytes() {
      return new byte[] {0x1f, (byte) 0x8b};
    }
  },

  // ---- JSON syntax and document shape ----
  EMPTY_FILE(malformed("Expected the top-level value to be an object, found end of input", "",
      end())) {
    @Override
    byte[] bytes() {
      return new byte[0];
    }
  },
  WHITESPACE_ONLY(malformed("Expected the top-level value to be an object, found end of input", "",
      end())) {
    @Override
    byte[] bytes() {
      return utf8(" \n\t\r\n ");
    }
  },
  TRUNCATED_IN_IN_NETWORK(malformed("Unexpected end-of-input", "in_network[1].negotiated_rates[1]",
      end())) {
    @Override
    byte[] bytes() {
      return cutBefore("\"negotiated_prices\":[]", 0);
    }
  },
  TRUNCATED_IN_PROVIDER_REFERENCES(malformed("Unexpected end-of-input", "provider_references[1]",
      end())) {
    @Override
    byte[] bytes() {
      return cutBefore("{\"provider_group_id\":\"2\"", 10);
    }
  },
  TRUNCATED_IN_A_STRING(
      malformed("Unexpected end-of-input in VALUE_STRING", "reporting_entity_name", end())) {
    @Override
    byte[] bytes() {
      return cutBefore("Acme", 2);
    }
  },
  TRAILING_GARBAGE(malformed("Unrecognized token 'x'", "", after(" x"))) {
    @Override
    byte[] bytes() {
      return utf8(VALID_TEXT + " x");
    }
  },
  SECOND_TOP_LEVEL_VALUE(
      malformed("Expected end of input after the top-level object, found an object", "",
          after("}\n{"))) {
    @Override
    byte[] bytes() {
      return utf8(VALID_TEXT + "\n{}");
    }
  },
  TOP_LEVEL_ARRAY(malformed("Expected the top-level value to be an object, found an array", "",
      after("["))) {
    @Override
    byte[] bytes() {
      return utf8("[" + VALID_TEXT + "]");
    }
  },
  TOP_LEVEL_SCALAR(malformed("Expected the top-level value to be an object, found a number", "",
      after("42"))) {
    @Override
    byte[] bytes() {
      return utf8("42");
    }
  },
  UTF8_BYTE_ORDER_MARK(accepted(Map.of(Manifest.IN_NETWORK_ITEMS, 2L), TestSources.EXPECTED_ROWS)) {
    @Override
    byte[] bytes() {
      byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
      byte[] both = Arrays.copyOf(bom, bom.length + VALID.length);
      System.arraycopy(VALID, 0, both, bom.length, VALID.length);
      return both;
    }
  },
  INVALID_UTF8_IN_A_STRING(malformed("Invalid UTF-8 middle byte 0x28", "reporting_entity_name",
      after((byte) 0xC3, (byte) 0x28))) {
    @Override
    byte[] bytes() {
      return withRawBytes("{\"reporting_entity_name\":\"Ac", new byte[] {(byte) 0xC3, 0x28},
          "me\"}");
    }
  },
  INVALID_UTF8_BETWEEN_TOKENS(malformed("Invalid UTF-8 start byte 0xff", "a",
      after((byte) 0xFF))) {
    @Override
    byte[] bytes() {
      return withRawBytes("{\"a\":1,", new byte[] {(byte) 0xFF}, "\"b\":1}");
    }
  },
  CONTROL_CHARACTER_IN_A_STRING(malformed("Illegal unquoted character", "version",
      after("\u0001"))) {
    @Override
    byte[] bytes() {
      return utf8("{\"version\":\"1\u0001\"}");
    }
  },
  NAN_LITERAL(malformed("Non-standard token 'NaN'", "in_network[0].negotiated_rates[0]",
      after("NaN"))) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"negotiated_prices\":[{\"negotiated_rate\":NaN}]"));
    }
  },
  // At the digit after the zero, which is what is not allowed.
  LEADING_ZERO(malformed("Leading zeroes not allowed", "in_network[0].negotiated_rates[0]",
      after(":0"))) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"negotiated_prices\":[{\"negotiated_rate\":012}]"));
    }
  },
  LONE_SURROGATE_ESCAPE(accepted(Map.of(), 0, "\"version\":\"\\uD800x\"")) {
    @Override
    byte[] bytes() {
      return utf8("{\"version\":\"\\ud800x\",\"in_network\":[{\"billing_code\":\"A\",\"version\":\"\\ud800x\"}]}");
    }
  },

  // ---- wrong JSON types ----
  IN_NETWORK_NOT_AN_ARRAY(malformed("Expected in_network to be an array, found an object",
      "in_network", after("\"in_network\":{"))) {
    @Override
    byte[] bytes() {
      return utf8(object(HEADER, "\"in_network\":{}"));
    }
  },
  NEGOTIATED_RATES_NOT_AN_ARRAY(
      malformed("Expected negotiated_rates to be an array, found a string",
          "in_network[0].negotiated_rates", after("\"negotiated_rates\":\""))) {
    @Override
    byte[] bytes() {
      return utf8(object("\"in_network\":[{\"billing_code\":\"A\",\"negotiated_rates\":\"none\"}]"));
    }
  },
  OBJECT_AS_A_REFERENCED_ID(
      malformed("Expected a provider_references entry to be a number or a string, found an object",
          "in_network[0].negotiated_rates[0].provider_references[0]",
          after("\"provider_references\":[{"))) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"provider_references\":[{}]," + PRICES));
    }
  },
  STRING_NPI(typeProblem(1, 2, "\"npi\":[\"1234567890\",1234567891]")) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"provider_groups\":[{\"npi\":[\"1234567890\",1234567891]}]," + PRICES));
    }
  },
  FLOAT_NPI(typeProblem(1, 1, "\"npi\":[1234567890.0]")) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"provider_groups\":[{\"npi\":[1234567890.0]}]," + PRICES));
    }
  },
  NPI_NOT_AN_ARRAY(typeProblem(1, 1, "\"npi\":1234567890")) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"provider_groups\":[{\"npi\":1234567890}]," + PRICES));
    }
  },
  PROVIDER_GROUPS_AN_OBJECT(typeProblem(1, 1, "\"provider_groups\":{\"npi\":[1]}")) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"provider_groups\":{\"npi\":[1]}," + PRICES));
    }
  },
  PROVIDER_GROUP_NOT_AN_OBJECT(typeProblem(1, 1, "\"provider_groups\":[5]")) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"provider_groups\":[5]," + PRICES));
    }
  },
  NEGOTIATED_PRICES_AN_OBJECT(typeProblem(1, 0, "\"negotiated_prices\":{\"negotiated_rate\":1}")) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"negotiated_prices\":{\"negotiated_rate\":1}"));
    }
  },
  STRING_NEGOTIATED_RATE(typeProblem(0, 2, "\"negotiated_rate\":\"12.50\"", "\"negotiated_rate\":\"n/a\"")) {
    @Override
    byte[] bytes() {
      return utf8(oneRate(
          "\"negotiated_prices\":[{\"negotiated_rate\":\"12.50\"},{\"negotiated_rate\":\"n/a\"}]"));
    }
  },
  FLOAT_PROVIDER_GROUP_IDS(accepted(Map.of(Manifest.UNDEFINED_REFERENCE_IDS, 0L), 2,
      "\"provider_references\":[\"40\",\"40.0000000001\"]", "\"provider_group_id\":\"40\"",
      "\"provider_group_id\":\"40.0000000001\"")) {
    @Override
    byte[] bytes() {
      return utf8(object(
          "\"provider_references\":[{\"provider_group_id\":40.0,\"provider_groups\":[{\"npi\":[1]}]},"
              + "{\"provider_group_id\":40.0000000001,\"provider_groups\":[{\"npi\":[2]}]}]",
          oneRateMember("\"provider_references\":[40,40.0000000001]," + PRICES)));
    }
  },
  STRING_PROVIDER_GROUP_ID(accepted(Map.of(Manifest.UNDEFINED_REFERENCE_IDS, 0L), 1,
      "\"provider_group_id\":\"40\"", "\"provider_references\":[\"40\"]")) {
    @Override
    byte[] bytes() {
      return utf8(object(
          "\"provider_references\":[{\"provider_group_id\":\"0040\",\"provider_groups\":[{\"npi\":[1]}]}]",
          oneRateMember("\"provider_references\":[\"40.00\"]," + PRICES)));
    }
  },
  NUMBERS_WITH_EXPONENTS_AND_30_DIGITS(accepted(Map.of(Manifest.UNDEFINED_REFERENCE_IDS, 0L), 2,
      "\"negotiated_rate\":1.5E+3", "\"negotiated_rate\":123456789012345678901234567890",
      "\"provider_group_id\":\"123456789012345678901234567890\"")) {
    @Override
    byte[] bytes() {
      return utf8(object(
          "\"provider_references\":[{\"provider_group_id\":1.23456789012345678901234567890e29,"
              + "\"provider_groups\":[{\"npi\":[1]}]}]",
          oneRateMember("\"provider_references\":[123456789012345678901234567890],"
              + "\"negotiated_prices\":[{\"negotiated_rate\":1.5E+3},"
              + "{\"negotiated_rate\":123456789012345678901234567890}]")));
    }
  },
  NUMBER_LONGER_THAN_THE_LIMIT(malformed("Number length (1001) exceeds the maximum length (1000)"
      + " (the read limit StreamReadConstraints.maxNumberLength = 1000, set in"
      + " io.ptlake.preprocess.TicJson)",
      "in_network[0].negotiated_rates[0].negotiated_prices[0].negotiated_rate",
      after("1" + "0".repeat(1000)))) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"negotiated_prices\":[{\"negotiated_rate\":1" + "0".repeat(1000) + "}]"));
    }
  },

  // ---- missing fields ----
  ITEM_WITHOUT_BILLING_CODE(missing(1, 0)) {
    @Override
    byte[] bytes() {
      return utf8(object("\"in_network\":[{\"name\":\"x\",\"negotiated_rates\":[]}]"));
    }
  },
  RATE_WITHOUT_NEGOTIATED_PRICES(missing(1, 0)) {
    @Override
    byte[] bytes() {
      return utf8(oneRate("\"provider_groups\":[{\"npi\":[1]}]"));
    }
  },
  REFERENCE_WITHOUT_PROVIDER_GROUP_ID(missing(1, 0)) {
    @Override
    byte[] bytes() {
      return utf8(object("\"provider_references\":[{\"provider_groups\":[{\"npi\":[1]}]}]"));
    }
  },

  // ---- duplicates and empties ----
  TWO_IN_NETWORK_ARRAYS(accepted(Map.of(Manifest.IN_NETWORK_ITEMS, 2L), 2, "{\"item\":1,")) {
    @Override
    byte[] bytes() {
      return utf8(object(oneRateMember(PRICES), oneRateMember(PRICES)));
    }
  },
  SAME_HEADER_FIELD_TWICE_SAME_VALUE(accepted(Map.of(), 0)) {
    @Override
    byte[] bytes() {
      return utf8("{\"version\":\"1.0.0\",\"in_network\":[],\"version\":\"1.0.0\"}");
    }
  },
  SAME_HEADER_FIELD_TWICE_DIFFERENT_VALUES(
      malformed("Top-level field 'version' appears twice with different values", "version",
          after("\"version\":\"2.0.0\""))) {
    @Override
    byte[] bytes() {
      return utf8("{\"version\":\"1.0.0\",\"in_network\":[],\"version\":\"2.0.0\"}");
    }
  },
  DUPLICATE_PROVIDER_GROUP_ID(accepted(Map.of(Manifest.PROVIDER_REFERENCES, 2L), 3)) {
    @Override
    byte[] bytes() {
      // W(7) = 1 + 2: both entries' groups count, as the contract's row formula says
      return utf8(object(
          "\"provider_references\":[{\"provider_group_id\":7,\"provider_groups\":[{\"npi\":[1]}]},"
              + "{\"provider_group_id\":7,\"provider_groups\":[{\"npi\":[2,3]}]}]",
          oneRateMember("\"provider_references\":[7]," + PRICES)));
    }
  },
  EMPTY_ARRAYS(accepted(Map.of(Manifest.IN_NETWORK_ITEMS, 2L, Manifest.NEGOTIATED_RATES, 1L), 0)) {
    @Override
    byte[] bytes() {
      return utf8(object("\"provider_references\":[]", "\"in_network\":[]",
          "\"in_network\":[{\"billing_code\":\"A\",\"negotiated_rates\":[]},{\"billing_code\":\"B\","
              + "\"negotiated_rates\":[{\"provider_groups\":[],\"negotiated_prices\":[]}]}]"));
    }
  },
  EMPTY_OBJECT(accepted(Map.of(Manifest.IN_NETWORK_ITEMS, 0L), 0)) {
    @Override
    byte[] bytes() {
      return utf8("{}");
    }
  },

  // ---- read limits (TicJson's StreamReadConstraints) ----
  NESTED_10000_LEVELS(malformed("Depth (257) exceeds the maximum allowed nesting depth (256)"
      + " (the read limit StreamReadConstraints.maxNestingDepth = 256, set in"
      + " io.ptlake.preprocess.TicJson)", "extension[0][0][0]",
      // At the array that opens level 257, before its own bracket.
      after("{\"extension\":" + "[".repeat(256)))) {
    @Override
    byte[] bytes() {
      return utf8("{\"extension\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
    }
  },
  STRING_OF_100_MB(malformed("exceeds the maximum length (50000000) (the read limit"
      + " StreamReadConstraints.maxStringLength = 50000000, set in io.ptlake.preprocess.TicJson)",
      "additional_information", null)) {
    /**
     * jackson checks a string's length when its text buffer grows, so the length and offset it
     * reports depend on how the reads were cut: no position is pinned (the outcome's is null).
     */
    @Override
    boolean exactPosition() {
      return false;
    }

    @Override
    byte[] bytes() {
      throw new UnsupportedOperationException("written streaming by write()");
    }

    /** 100 MB of JSON, as a 100 KB gzip written in 64 KB steps: never held in memory. */
    @Override
    void write(Path file) throws IOException {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
        out.write(utf8("{\"additional_information\":\""));
        byte[] step = new byte[1 << 16];
        Arrays.fill(step, (byte) 'a');
        for (long written = 0; written < 100_000_000L; written += step.length) {
          out.write(step);
        }
        out.write(utf8("\"}"));
      }
    }
  };

  /** The shared sample: 2 items, 4 rates, 4 references, 26 expected rows. */
  static final String VALID_TEXT = object(HEADER, REFERENCES, IN_NETWORK);
  static final byte[] VALID = utf8(VALID_TEXT);
  static final String PRICES = "\"negotiated_prices\":[{\"negotiated_rate\":1.5}]";

  /**
   * What a case must give.
   *
   * @param problem for a malformed case, text of the error (null: accepted)
   * @param path for a malformed case, the JSON path the error names ("" for the top-level value,
   *     null where it depends on where the inflater stopped)
   * @param at for a malformed case, the offset the error names, from the case's bytes (null where
   *     it depends on how the reads were cut)
   * @param counts for an accepted case, manifest counts it must have (others not checked)
   * @param expectedRows for an accepted case
   * @param chunkText for an accepted case, text the chunk files must hold
   */
  record Outcome(String problem, String path, ErrorPosition.At at, Map<String, Long> counts,
      long expectedRows, List<String> chunkText) {
    boolean malformed() {
      return problem != null;
    }
  }

  final Outcome outcome;

  BadInputCorpus(Outcome outcome) {
    this.outcome = outcome;
  }

  abstract byte[] bytes();

  void write(Path file) throws IOException {
    Files.write(file, bytes());
  }

  /** Whether both splitter paths must report the very same position. */
  boolean exactPosition() {
    return true;
  }

  private static Outcome malformed(String problem, String path, ErrorPosition.At at) {
    return new Outcome(problem, path, at, Map.of(), 0, List.of());
  }

  private static Outcome accepted(Map<String, Long> counts, long expectedRows, String... chunkText) {
    return new Outcome(null, null, null, counts, expectedRows, List.of(chunkText));
  }

  /** Accepted: the values pass through as they are, the record counted as having a type problem. */
  private static Outcome typeProblem(long records, long expectedRows, String... chunkText) {
    return accepted(Map.of(Manifest.RECORDS_WITH_TYPE_PROBLEMS, records,
        Manifest.RECORDS_MISSING_FIELDS, 0L), expectedRows, chunkText);
  }

  private static Outcome missing(long records, long expectedRows) {
    return accepted(Map.of(Manifest.RECORDS_MISSING_FIELDS, records,
        Manifest.RECORDS_WITH_TYPE_PROBLEMS, 0L), expectedRows);
  }

  /** A file of one item (billing_code A) holding one rate with {@code rateFields}. */
  static String oneRate(String rateFields) {
    return object(oneRateMember(rateFields));
  }

  static String oneRateMember(String rateFields) {
    return "\"in_network\":[{\"billing_code\":\"A\",\"negotiated_rates\":[{" + rateFields + "}]}]";
  }

  /** The valid sample cut {@code plus} bytes after the start of {@code marker}. */
  private static byte[] cutBefore(String marker, int plus) {
    int at = VALID_TEXT.indexOf(marker);
    if (at < 0) {
      throw new IllegalArgumentException(marker);
    }
    return Arrays.copyOf(VALID, at + plus);
  }

  /** {@code <before><raw><after>}: raw bytes that are no valid UTF-8 text. */
  private static byte[] withRawBytes(String before, byte[] raw, String after) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(raw);
    bytes.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }
}
