package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.GeneratorSpec.HeaderPlacement;
import io.ptlake.generator.GeneratorSpec.ReferencesPlacement;
import io.ptlake.generator.GeneratorSpec.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Files of every layout from the generator: the manifest must equal its expected counts. */
class GeneratedFilesTest {
  @TempDir Path dir;

  static Stream<GeneratorSpec> specs() {
    return Stream.of(
        common().build(),
        common().references(ReferencesPlacement.LAST).header(HeaderPlacement.END).build(),
        common().references(ReferencesPlacement.ABSENT).pretty(true).build(),
        common().gzip(true).pretty(true).references(ReferencesPlacement.LAST).build(),
        common().version(Version.V2).seed(7).gzip(true).build(),
        common().version(Version.V2).references(ReferencesPlacement.ABSENT)
            .header(HeaderPlacement.END).build());
  }

  private static GeneratorSpec.Builder common() {
    return GeneratorSpec.builder().items(150).providerReferences(80)
        .duplicateReferenceFraction(0.05).scalarsAfterRatesFraction(0.3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void manifestCountsEqualTheGeneratorsExpectedCounts(GeneratorSpec spec) throws IOException {
    Path source = dir.resolve("source.json");
    ExpectedCounts expected = io.ptlake.generator.TicFileGenerator.write(spec, source);
    Path out = dir.resolve("out");

    Manifest manifest = PreprocessorTest.run(source, out, 64 * 1024, ChunkCodec.NONE);

    Map<String, Object> tree = TicOracle.readSource(source);
    assertThat(TicOracle.countsAndRows(manifest))
        .isEqualTo(GeneratedFiles.countsAndRows(expected, TicOracle.remoteUrls(tree).size()));
    assertThat(manifest.source().jsonBytes()).isEqualTo(expected.uncompressedBytes());
    TicOracle.assertChunksHoldSource(tree, out, manifest);
  }
}
