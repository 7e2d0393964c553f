package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.GeneratorSpec.HeaderPlacement;
import io.ptlake.generator.GeneratorSpec.ReferencesPlacement;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizeTargetTest {

  private static final long TARGET = 2 * GeneratorSpec.BYTES_PER_MB;

  /** References last are a sixth of these files: the target must still hold for the whole. */
  @ParameterizedTest(name = "refs={0} pretty={1} gzip={2} giants={3}")
  @CsvSource({"FIRST,false,false,0", "LAST,false,true,0", "LAST,true,false,1", "FIRST,true,true,2"})
  void sizeTargetIsMetWithinTwoPercent(
      ReferencesPlacement refs, boolean pretty, boolean gzip, int giants) throws Exception {
    GeneratorSpec spec =
        GeneratorSpec.builder()
            .targetBytes(TARGET)
            .providerReferences(300)
            .references(refs)
            .header(HeaderPlacement.END)
            .pretty(pretty)
            .gzip(gzip)
            .giantItems(giants, TARGET / 4)
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ExpectedCounts counts = TicFileGenerator.write(spec, out);

    byte[] bytes = out.toByteArray();
    long json = gzip ? TicFileOracle.gunzip(bytes).length : bytes.length;
    assertThat(counts.uncompressedBytes()).isEqualTo(json);
    assertThat((double) json).isBetween(TARGET * 0.98, TARGET * 1.02);
  }
}
