package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.Count;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.IntRange;
import io.ptlake.generator.TicFileGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential fuzzing of the two in-network splitters: seeded mutations of small valid files
 * (generated in both shapes, compact, with ", " blanks and pretty-printed) go through the fast
 * path (with its fall-back) and through the reference splitter alone, which must give the same
 * verdict: the same chunk bytes and counts, or the same error at the same byte offset. Where the
 * fast scanner rejects a file itself, its own offset must be Jackson's too, give or take the
 * token Jackson has consumed before it reports. The fast path runs on one thread and with small
 * units on two scanner threads, which must give up at the very byte the one thread gives up at:
 * the first problem in the file, whichever thread met it first.
 *
 * <p>A short run is part of the build; {@code bench/splitter-fuzz.sh} runs a long one through
 * {@code -Dptlake.fuzz.iterations=N -Dptlake.fuzz.seed=S}.
 */
class SplitterFuzzTest {
  private static final int ITERATIONS = Integer.getInteger("ptlake.fuzz.iterations", 250);
  private static final long SEED = Long.getLong("ptlake.fuzz.seed", 20_261_207L);
  private static final Pattern OFFSET = Pattern.compile("at byte offset (\\d+)");
  private static final ParallelScan.Sizes SERIAL = ParallelScan.Sizes.of(0);
  private static final ParallelScan.Sizes SMALL_UNITS = new ParallelScan.Sizes(2, 64, 256);

  /** Bytes a mutation writes: structure, number and string parts, blanks, UTF-8 lead bytes. */
  private static final byte[] INTERESTING = "\"\\,:[]{}0123456789-+.eEtfnul \t\r\n/".getBytes(
      StandardCharsets.US_ASCII);
  private static final int[] HIGH = {0x00, 0x1f, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xef,
      0xf0, 0xf4, 0xf8, 0xff};

  @TempDir Path dir;

  @Test
  void bothSplittersGiveEveryMutantTheSameVerdict() throws IOException {
    List<byte[]> seeds = seeds();
    Random rng = new Random(SEED);
    int accepted = 0;
    int rejected = 0;
    int fastGaveUpOnValid = 0;
    int exactOffsets = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] seed = seeds.get(rng.nextInt(seeds.size()));
      byte[] mutant = mutate(seed, rng);
      Path source = Files.write(dir.resolve("mutant.json"), mutant);
      String what = "iteration " + i + " (seed " + SEED + "): " + preview(mutant);

      Outcome reference = run(source, true, SERIAL);
      Outcome fast = run(source, false, SERIAL);
      Outcome parallel = run(source, false, SMALL_UNITS);

      assertThat(fast.text).as(what).isEqualTo(reference.text);
      assertThat(parallel.text).as("scanned in parallel, " + what).isEqualTo(reference.text);
      assertThat(parallel.gaveUpAt).as("parallel scan's offset, " + what).isEqualTo(fast.gaveUpAt);
      if (reference.offset >= 0) {
        rejected++;
        assertThat(fast.gaveUpAt).as("the fast path must reject " + what).isGreaterThanOrEqualTo(0);
        assertThat(fast.gaveUpAt).as("fast offset vs Jackson's, " + what)
            .isBetween(reference.offset - MAX_TOKEN_LAG, reference.offset);
        exactOffsets += fast.gaveUpAt == reference.offset ? 1 : 0;
      } else {
        accepted++;
        fastGaveUpOnValid += fast.gaveUpAt >= 0 ? 1 : 0;
      }
    }
    System.out.printf("splitter fuzz: %d mutants (seed %d): %d accepted by both (fast path gave"
        + " up on %d of them), %d rejected by both (the scanner at Jackson's very offset: %d)%n",
        ITERATIONS, SEED, accepted, fastGaveUpOnValid, rejected, exactOffsets);
    assertThat(rejected).as("mutations that break the JSON").isGreaterThan(ITERATIONS / 10);
    assertThat(accepted).as("mutations that keep it valid").isGreaterThan(ITERATIONS / 20);
  }

  /**
   * The offset users see is Jackson's on both paths (the messages above are equal). The scanner's
   * own is the same byte for most errors (about 80% of the rejected mutants); Jackson names a
   * later one after a control character in a string (+1) and for bad UTF-8 or a truncated token,
   * which it reports once it has decoded further (up to 20 bytes later seen). Never earlier.
   */
  private static final long MAX_TOKEN_LAG = 32;

  /** What a run gives: its output (or error message), Jackson's offset, the fast path's. */
  private record Outcome(String text, long offset, long gaveUpAt) {}

  private Outcome run(Path source, boolean referenceOnly, ParallelScan.Sizes scan)
      throws IOException {
    Path out = dir.resolve(referenceOnly ? "reference" : "fast-" + scan.threads());
    Preprocessor preprocessor = new Preprocessor(
        PreprocessConfig.builder(source.toString(), out).chunkBytes(4096).build(), referenceOnly,
        scan);
    long gaveUpAt = -1;
    try {
      Manifest manifest = preprocessor.run();
      if (preprocessor.fellBack()) {
        gaveUpAt = offset(preprocessor.fallbackReason());
      }
      return new Outcome(BadInputCorpusTest.chunkFiles(out) + " " + manifest.counts()
          + " " + manifest.header() + " " + manifest.expectedRows(), -1, gaveUpAt);
    } catch (MalformedInputException e) {
      if (preprocessor.fellBack()) {
        gaveUpAt = offset(preprocessor.fallbackReason());
      }
      return new Outcome(e.getMessage(), e.byteOffset(), gaveUpAt);
    }
  }

  private static long offset(String reason) {
    Matcher m = OFFSET.matcher(reason);
    return m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
  }

  private static byte[] mutate(byte[] seed, Random rng) {
    byte[] bytes = seed;
    for (int n = 1 + rng.nextInt(3); n > 0; n--) {
      int at = rng.nextInt(bytes.length);
      int kind = rng.nextInt(10);
      if (kind < 4) {
        bytes = bytes.clone();
        bytes[at] = pick(rng);
      } else if (kind < 6) {
        bytes = splice(bytes, at, at, new byte[] {pick(rng)});
      } else if (kind < 8) {
        bytes = splice(bytes, at, Math.min(bytes.length, at + 1 + rng.nextInt(4)), new byte[0]);
      } else if (kind < 9) {
        int from = rng.nextInt(bytes.length);
        int to = Math.min(bytes.length, from + 1 + rng.nextInt(40));
        bytes = splice(bytes, at, at, Arrays.copyOfRange(bytes, from, to));
      } else {
        bytes = Arrays.copyOf(bytes, at);
      }
    }
    return bytes;
  }

  private static byte pick(Random rng) {
    return rng.nextInt(4) == 0
        ? (byte) HIGH[rng.nextInt(HIGH.length)]
        : INTERESTING[rng.nextInt(INTERESTING.length)];
  }

  private static byte[] splice(byte[] bytes, int from, int to, byte[] with) {
    byte[] result = new byte[bytes.length - (to - from) + with.length];
    System.arraycopy(bytes, 0, result, 0, from);
    System.arraycopy(with, 0, result, from, with.length);
    System.arraycopy(bytes, to, result, from + with.length, bytes.length - to);
    return result;
  }

  /** Small generated files of both shapes and both versions, in three layouts of blanks. */
  private static List<byte[]> seeds() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    for (GeneratorSpec.Version version : GeneratorSpec.Version.values()) {
      for (GeneratorSpec.Shape shape : GeneratorSpec.Shape.values()) {
        GeneratorSpec spec = GeneratorSpec.builder()
            .shape(shape)
            .version(version)
            .seed(seeds.size())
            .items(3)
            .providerReferences(3)
            .ratesPerItem(IntRange.of(1, 3))
            .pricesPerRate(IntRange.of(1, 2))
            .npisPerGroup(Count.parse("pareto:1..12"))
            .references(seeds.size() % 4 == 0
                ? GeneratorSpec.ReferencesPlacement.FIRST : GeneratorSpec.ReferencesPlacement.LAST)
            .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TicFileGenerator.write(spec, out);
        String compact = out.toString(StandardCharsets.UTF_8);
        seeds.add(compact.getBytes(StandardCharsets.UTF_8));
        seeds.add(compact.replace(",", ", ").replace(":", ": ").getBytes(StandardCharsets.UTF_8));
        seeds.add(TestSources.utf8(TestSources.pretty(compact)));
      }
    }
    seeds.add(TestSources.utf8(TestSources.object(
        "\"reporting_entity_name\":\"Caf\u00e9 \\u00e9 \\ud83d\\ude00 \u20ac\"",
        "\"in_network\":[{\"billing_code\":\"1\",\"negotiated_rates\":[{\"provider_references\":"
            + "[1,\"2\",3.0],\"provider_groups\":[{\"npi\":[1234567890, 0,-1,2.5e3,\"x\"]}],"
            + "\"negotiated_prices\":[{\"negotiated_rate\":1.50,\"x\":[true,false,null]}]}]}]",
        "\"provider_references\":[{\"provider_group_id\":1,\"provider_groups\":[{\"npi\":"
            + "[1111111111,2222222222]}]},{\"provider_group_id\":2,\"location\":\"x\"}]")));
    return seeds;
  }

  private static String preview(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    return text.length() <= 300 ? text : text.substring(0, 300) + "… (" + bytes.length + " bytes)";
  }
}
