package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
