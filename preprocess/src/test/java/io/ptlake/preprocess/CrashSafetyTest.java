package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL (destroyForcibly) of a preprocess JVM at random points of its run. Whatever the point,
 * the output is either complete (manifest.json and exactly the chunks of a clean run) or has no
 * manifest; and a rerun into the same folder then gives the chunk bytes of a clean run.
 *
 * <p>Each kill comes a random delay after the child has started writing (its first act is to delete
 * the previous manifest). The seed fixes the delays, not where the kills land (that depends on
 * the machine): what is checked is the same for every landing point.
 */
class CrashSafetyTest {
  private static final long SEED = 20_240_501L;
  private static final int KILLS = 5;

  @TempDir Path dir;

  @Test
  void aKilledRunNeverPublishesAndARerunEqualsACleanRun() throws Exception {
    Path source = dir.resolve("rates.json");
    TicFileGenerator.write(
        GeneratorSpec.builder().targetBytes(16L << 20).remoteReferenceFraction(0).build(), source);
    Path clean = dir.resolve("clean");
    new Preprocessor(config(source, clean)).run();
    Map<String, String> expected = BadInputCorpusTest.chunkFiles(clean);
    assertThat(expected.keySet()).as("several chunks per kind").hasSizeGreaterThan(4);

    Random random = new Random(SEED);
    List<String> landed = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      Path out = dir.resolve("killed-" + kill);
      copyTree(clean, out); // a previous complete output, as a retried run finds it
      Process child = start(source, out);
      // The run deletes the old manifest first: from then on it is writing.
      boolean exited = false;
      while (!exited && Files.exists(out.resolve(ManifestFields.MANIFEST_FILE))) {
        exited = child.waitFor(2, TimeUnit.MILLISECONDS);
      }
      exited = exited || child.waitFor(random.nextInt(250), TimeUnit.MILLISECONDS);
      child.destroyForcibly();
      child.waitFor();
      boolean published = Files.exists(out.resolve(ManifestFields.MANIFEST_FILE));
      landed.add(exited ? "after the end" : published ? "after publishing" : "mid-run");

      if (published) {
        assertThat(BadInputCorpusTest.chunkFiles(out)).as("a published output is complete")
            .isEqualTo(expected);
      }
      new Preprocessor(config(source, out)).run();
      assertThat(BadInputCorpusTest.chunkFiles(out)).as("rerun after kill %d (%s)", kill,
          landed.get(kill)).isEqualTo(expected);
    }
    System.out.println("CrashSafetyTest: kills landed " + landed);
  }

  private static Process start(Path source, Path out) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        PreprocessMain.class.getName(), source.toString(), "--out", out.toString(),
        "--chunk-mb", "1", "--quiet")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    for (Path file : BadInputCorpusTest.files(from).toList()) {
      Path copy = to.resolve(from.relativize(file).toString());
      Files.createDirectories(copy.getParent());
      Files.copy(file, copy);
    }
  }

  private static PreprocessConfig config(Path source, Path out) {
    return PreprocessConfig.builder(source.toString(), out).chunkBytes(1L << 20).build();
  }
}
