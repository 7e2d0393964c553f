package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL (destroyForcibly) of a preprocess JVM in its write phase, at points spread over it: the
 * killed output has no manifest, and a rerun into the same folder then gives the chunk bytes of a
 * clean run.
 *
 * <p>Each kill waits until the child has written k chunk files of its own (k drawn from the seed
 * among the first quarter of a clean run's files): the previous output it replaces is dated
 * 1970, so a chunk file with a later time is the child's. The kill must then land while the
 * child runs (exit status 137, SIGKILL's, not 0) and before it publishes (no manifest): a kill
 * that landed after the end, or after publishing, fails the test instead of passing unchecked.
 */
class CrashSafetyTest {
  private static final long SEED = 20_240_501L;
  private static final int KILLS = 5;
  private static final int KILLED = 128 + 9;
  /** Files of the previous output carry this time; the child's carry the time they are written. */
  private static final FileTime PREVIOUS = FileTime.from(Instant.EPOCH);

  @TempDir Path dir;

  @Test
  void aKilledRunNeverPublishesAndARerunEqualsACleanRun() throws Exception {
    Path source = dir.resolve("rates.json");
    TicFileGenerator.write(
        GeneratorSpec.builder().targetBytes(16L << 20).remoteReferenceFraction(0).build(), source);
    Path clean = dir.resolve("clean");
    new Preprocessor(config(source, clean)).run();
    Map<String, String> expected = BadInputCorpusTest.chunkFiles(clean);
    assertThat(expected.keySet()).as("several chunks per kind").hasSizeGreaterThan(8);

    Random random = new Random(SEED);
    List<String> landed = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      Path out = dir.resolve("killed-" + kill);
      copyTree(clean, out); // a previous complete output, as a retried run finds it
      int written = 1 + random.nextInt(expected.size() / 4);
      Process child = start(source, out);
      boolean exited = false;
      while (!exited && !(childChunks(out) >= written
          && !Files.exists(out.resolve(ManifestFields.MANIFEST_FILE)))) {
        exited = child.waitFor(2, TimeUnit.MILLISECONDS);
      }
      child.destroyForcibly();
      int status = child.waitFor();
      landed.add("after " + childChunks(out) + " of " + expected.size() + " chunk files");

      assertThat(status).as("kill %d landed while the child ran (%s)", kill, landed.get(kill))
          .isEqualTo(KILLED);
      assertThat(out.resolve(ManifestFields.MANIFEST_FILE))
          .as("kill %d landed before publishing", kill).doesNotExist();
      new Preprocessor(config(source, out)).run();
      assertThat(BadInputCorpusTest.chunkFiles(out)).as("rerun after kill %d (%s)", kill,
          landed.get(kill)).isEqualTo(expected);
    }
    System.out.println("CrashSafetyTest: kills landed " + landed);
  }

  /** Chunk files the child wrote: those not dated as the previous output. */
  private static long childChunks(Path out) {
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(file -> !file.getFileName().toString()
          .equals(ManifestFields.MANIFEST_FILE)).filter(CrashSafetyTest::writtenByTheChild)
          .count();
    } catch (IOException | UncheckedIOException e) {
      return 0; // a folder deleted by the child while it was walked: it is not writing yet
    }
  }

  private static boolean writtenByTheChild(Path file) {
    try {
      return Files.isRegularFile(file)
          && Files.getLastModifiedTime(file).compareTo(PREVIOUS) > 0;
    } catch (IOException e) {
      return false; // deleted since the listing
    }
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
      Files.setLastModifiedTime(copy, PREVIOUS);
    }
  }

  private static PreprocessConfig config(Path source, Path out) {
    return PreprocessConfig.builder(source.toString(), out).chunkBytes(1L << 20).build();
  }
}
