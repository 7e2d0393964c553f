package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 40 MB item, scalars after its rates, split with 4 MiB chunks in a JVM of 48 MB heap: it can
 * only pass if nothing of the item is held in memory.
 */
class GiantItemTest {
  private static final long GIANT_BYTES = 40L << 20;

  @TempDir Path dir;

  @Test
  void giantItemIsSplitAcrossChunksInConstantMemory() throws Exception {
    Path source = dir.resolve("giant.json");
    GeneratorSpec spec = GeneratorSpec.builder().items(3).giantItems(1, GIANT_BYTES)
        .giantScalarsAfterRates(true).build();
    ExpectedCounts expected = TicFileGenerator.write(spec, source);
    Path out = dir.resolve("out");
    Path log = dir.resolve("stderr.txt");

    Process process = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx48m",
            "-cp", System.getProperty("java.class.path"),
            PreprocessMain.class.getName(),
            source.toString(), "--out", out.toString(), "--chunk-mb", "4", "--quiet")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();

    assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    Manifest manifest;
    try (InputStream in = Files.newInputStream(out.resolve("manifest.json"))) {
      manifest = ManifestReader.read(in);
    }
    // the source is too big for the oracle's tree: its remote URLs are taken from the manifest
    assertThat(manifest.remoteReferences())
        .allSatisfy(remote -> assertThat(remote.status()).isEqualTo(Manifest.REMOTE_FAILED));
    assertThat(TicOracle.countsAndRows(manifest))
        .isEqualTo(GeneratedFiles.countsAndRows(expected, manifest.remoteReferences().size()));
    assertThat(manifest.chunks(ChunkKind.RATES)).hasSizeGreaterThanOrEqualTo(9);
    List<Map<String, Object>> items = new ArrayList<>();
    for (Manifest.Chunk chunk : manifest.chunks(ChunkKind.ITEMS)) {
      for (String line : TicOracle.lines(out.resolve(chunk.path()))) {
        items.add(JsonTree.map(JsonTree.parse(line)));
      }
    }
    Map<String, Object> giant = items.stream()
        .max(Comparator.comparing(item -> (BigDecimal) item.get("negotiated_rates_count")))
        .orElseThrow();
    assertThat(giant).containsKey("billing_code");
  }
}
