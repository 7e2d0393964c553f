package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The checked-in sample-data/ files are exactly what their specs in {@link SampleDataSet} give. */
class SampleDataTest {

  private static final Path SAMPLES =
      Path.of(System.getProperty("ptlake.sample.dir", "../../sample-data"));

  @ParameterizedTest
  @EnumSource(SampleDataSet.class)
  void regeneratingGivesTheCheckedInFile(SampleDataSet sample, @TempDir Path dir) throws Exception {
    ExpectedCounts counts = sample.writeTo(dir);

    Path checkedIn = SAMPLES.resolve(sample.fileName());
    assertThat(checkedIn).as("run sample-data/regenerate.sh").exists();
    assertThat(json(dir.resolve(sample.fileName()))).isEqualTo(json(checkedIn));
    assertThat(Files.readString(ExpectedCounts.sidecarOf(checkedIn))).isEqualTo(counts.toJson());
    assertThat(TicFileOracle.read(checkedIn).counts()).isEqualTo(counts);
  }

  @Test
  void samplesCoverWhatTheyClaimAndStaySmall() throws Exception {
    long total = 0;
    for (SampleDataSet sample : SampleDataSet.values()) {
      total += Files.size(SAMPLES.resolve(sample.fileName()));
    }
    ExpectedCounts first = counts(SampleDataSet.V1_REFS_FIRST_INLINE);

    assertThat(total).isLessThan(1_500_000);
    assertThat(first.remoteProviderReferences()).isPositive();
    assertThat(first.inlineProviderGroups()).isPositive();
    assertThat(first.undefinedReferenceIds()).isPositive();
    assertThat(first.providerReferences()).as("duplicated ids").isGreaterThan(40);
    assertThat(counts(SampleDataSet.V1_INLINE_ONLY).providerReferences()).isZero();
  }

  @Test
  void theExtrasAreWhatTheirSpecsGive(@TempDir Path dir) throws Exception {
    for (SampleDataSet sample : SampleDataSet.values()) {
      sample.writeTo(dir);
    }
    SampleExtras.writeTo(dir);

    for (String file : List.of(SampleExtras.ALLOWED_AMOUNTS, SampleExtras.TOC,
        SampleExtras.TAXONOMIES)) {
      assertThat(SAMPLES.resolve(file)).as("run sample-data/regenerate.sh").exists();
      assertThat(Files.readAllBytes(SAMPLES.resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(dir.resolve(file)));
    }
    for (String file : List.of(SampleExtras.ALLOWED_AMOUNTS, SampleExtras.TOC)) {
      assertThat(Files.readString(ExpectedCounts.sidecarOf(SAMPLES.resolve(file))))
          .isEqualTo(Files.readString(ExpectedCounts.sidecarOf(dir.resolve(file))));
    }
    assertThat(zipEntries(SAMPLES.resolve(SampleExtras.NPPES)))
        .isEqualTo(zipEntries(dir.resolve(SampleExtras.NPPES)));
    AllowedAmountsCounts allowed = AllowedAmountsCounts.fromJson(Files.readString(
        ExpectedCounts.sidecarOf(SAMPLES.resolve(SampleExtras.ALLOWED_AMOUNTS))));
    assertThat(AllowedAmountsGeneratorTest.oracleCounts(
        TicFileOracle.read(SAMPLES.resolve(SampleExtras.ALLOWED_AMOUNTS)))).isEqualTo(allowed);
  }

  /** Every sample NPI is in the NPPES sample but the left-out ones; some are deactivated. */
  @Test
  void theNppesSampleKnowsTheSamplesNpisButAFew() throws Exception {
    List<Path> sources = new ArrayList<>();
    for (SampleDataSet sample : SampleDataSet.values()) {
      sources.add(SAMPLES.resolve(sample.fileName()));
    }
    sources.add(SAMPLES.resolve(SampleExtras.ALLOWED_AMOUNTS));
    List<Long> npis = SampleExtras.npis(sources);
    Map<Long, String[]> rows = new TreeMap<>();
    String csv = zipEntries(SAMPLES.resolve(SampleExtras.NPPES)).get(NppesFile.DATA_ENTRY);
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0).split(",", -1)).hasSize(330);
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",", -1);
      rows.put(Long.parseLong(fields[0].replace("\"", "")), fields);
    }

    List<Long> missing = npis.stream().filter(npi -> !rows.containsKey(npi)).toList();
    assertThat(rows.keySet()).containsExactlyElementsOf(
        npis.stream().filter(npi -> !NppesFile.missing(npi, SampleExtras.NPPES_SEED)).toList());
    assertThat(missing).hasSizeBetween(npis.size() / 80, npis.size() / 20);
    long deactivated = rows.values().stream().filter(f -> f[1].equals("\"\"")).count();
    assertThat(deactivated).isBetween(10L, (long) rows.size() / 20);
    assertThat(npis).hasSizeGreaterThan(3_000);
  }

  private static Map<String, String> zipEntries(Path zip) throws Exception {
    Map<String, String> entries = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }

  private static ExpectedCounts counts(SampleDataSet sample) throws Exception {
    return ExpectedCounts.fromJson(
        Files.readString(ExpectedCounts.sidecarOf(SAMPLES.resolve(sample.fileName()))));
  }

  /**
   * The JSON text: a gzip file is compared uncompressed, because another zlib build may compress
   * the same text into other bytes.
   */
  private static byte[] json(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    return TicFileOracle.isGzip(bytes) ? TicFileOracle.gunzip(bytes) : bytes;
  }
}
