package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.GeneratorSpec.ReferencesPlacement;
import io.ptlake.generator.GeneratorSpec.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {

  @Test
  void sameSpecGivesSameBytes(@TempDir Path dir) throws Exception {
    GeneratorSpec spec = GeneratorOracleTest.edgeCases(Version.V2).gzip(true).build();
    Path first = dir.resolve("first.json.gz");
    Path second = dir.resolve("second.json.gz");

    ExpectedCounts a = TicFileGenerator.write(spec, first);
    ExpectedCounts b = TicFileGenerator.write(spec, second);

    assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    assertThat(a).isEqualTo(b);
  }

  @Test
  void anotherSeedGivesAnotherFile() throws Exception {
    GeneratorSpec.Builder spec = GeneratorOracleTest.edgeCases(Version.V1);

    assertThat(bytes(spec.seed(1).build())).isNotEqualTo(bytes(spec.seed(2).build()));
  }

  /** References come from (seed, id) alone, so moving them changes none of their content. */
  @Test
  void referencesAreTheSameWhereverTheyLie() throws Exception {
    GeneratorSpec.Builder spec = GeneratorOracleTest.edgeCases(Version.V1);

    TicFileOracle first =
        TicFileOracle.read(bytes(spec.references(ReferencesPlacement.FIRST).build()));
    TicFileOracle last =
        TicFileOracle.read(bytes(spec.references(ReferencesPlacement.LAST).build()));

    assertThat(first.root.get("provider_references"))
        .isEqualTo(last.root.get("provider_references"));
    assertThat(first.root.get("in_network")).isEqualTo(last.root.get("in_network"));
  }

  private static byte[] bytes(GeneratorSpec spec) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TicFileGenerator.write(spec, out);
    return out.toByteArray();
  }
}
