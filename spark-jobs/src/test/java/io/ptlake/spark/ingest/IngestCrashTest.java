package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL (destroyForcibly) of a forked {@code ptlake ingest} JVM while it writes the rates table.
 * A first source A is loaded cleanly; then source B (same snapshot month) is loaded and killed,
 * a third JVM reads the table through the catalog, B is loaded again, and both sources must hold
 * exactly their rows per billing code.
 *
 * <p>Kill 1 hits B's first load (an append into the table's {@code _temporary} folder, moved into
 * the partitions at job commit) as soon as a task has committed: the table then shows A alone or A
 * and B complete (B's snapshot month is not A's, so its partitions are new ones), and the rerun
 * must not also commit the killed run's task output (it did before
 * RateTableWriter#removeUncommittedAppend: B's rows twice).
 *
 * <p>Kill 2 hits a reload of B (merge: dynamic partition overwrite from a {@code .spark-staging-*}
 * folder) a seeded random delay after the staging folder appears. A reload does NOT keep the
 * previous state for readers today: RateTableWriter#replace drops the partitions only the reloaded
 * sources hold (ALTER TABLE … DROP PARTITION deletes their folders) before the new rows are
 * written, and the job commit then replaces partition folders one after the other (delete, then
 * rename). A kill in between leaves those partitions missing until a rerun. What holds, and is
 * asserted, is that every (source, billing code) visible holds exactly its rows: none partial,
 * none twice; the rerun repairs the rest. The seed fixes the delay, not where the kill lands (that
 * depends on the machine): the checks are the same for every landing point.
 */
class IngestCrashTest {
  private static final long SEED = 20_240_502L;
  private static final int KILLS = 2;
  private static final int MAX_DELAY_MS = 300;
  private static final String TABLE = "ptlake.in_network_rates";

  @TempDir Path dir;

  /** The snapshot months of a and b, as the last {@link #counts} saw them. */
  private final Map<String, Set<String>> months = new TreeMap<>();

  @Test
  void aKilledIngestLeavesThePreviousStateAndARerunGivesExactlyTheExpectedRows() throws Exception {
    ExpectedCounts a = preprocess("a", 1);
    ExpectedCounts b = preprocess("b", 2);
    Path warehouse = dir.resolve("warehouse");

    Child loadA = ptlake("ingest-a", "ingest", dir.resolve("a").toString(),
        "--warehouse", warehouse.toString(), "--master", "local[1]", "--no-normalized");
    assertThat(loadA.process.waitFor()).as(loadA.err()).isZero();
    Path table = warehouse.resolve("ptlake.db").resolve("in_network_rates");

    Random random = new Random(SEED);
    List<String> landed = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      Child loadB = ptlake("ingest-b-killed-" + kill, "ingest", dir.resolve("b").toString(),
          "--warehouse", warehouse.toString(), "--master", "local[1]", "--no-normalized");
      // Kill 1: once a task of the append has committed. Kill 2: a random delay after the
      // merge's .spark-staging-* folder appears.
      boolean exited = false;
      while (!exited && !(kill == 0 ? committedTask(table) : staging(table))) {
        exited = loadB.process.waitFor(2, TimeUnit.MILLISECONDS);
      }
      int delay = kill == 0 ? 0 : random.nextInt(MAX_DELAY_MS);
      exited = exited || loadB.process.waitFor(delay, TimeUnit.MILLISECONDS);
      loadB.process.destroyForcibly();
      loadB.process.waitFor();
      System.out.println("IngestCrashTest: left after kill " + kill + ": " + leftovers(table));

      Map<String, Long> afterKill = counts(warehouse);
      boolean bPresent = afterKill.keySet().stream().anyMatch(key -> key.startsWith("b|"));
      if (kill == 0) {
        // B's first load (an append): the previous state (A only) or the new one (A and B).
        landed.add(exited ? "after the end" : bPresent ? "B visible" : "B absent");
        assertThat(afterKill).as("after kill %d (%s)", kill, landed.get(kill))
            .isEqualTo(bPresent ? expected(a, b) : expected(a, null));
      } else {
        // B's reload (a merge): see the class comment. Every (source, billing code) holds
        // exactly its rows or none: never a part of them, never twice.
        Map<String, Long> full = expected(a, b);
        boolean kept = afterKill.equals(full);
        landed.add(exited ? "after the end" : kept ? "previous state kept"
            : "partitions missing: " + missing(full, afterKill));
        assertThat(full).as("after kill %d (%s)", kill, landed.get(kill))
            .containsAllEntriesOf(afterKill);
      }

      Child rerun = ptlake("ingest-b-rerun-" + kill, "ingest", dir.resolve("b").toString(),
          "--warehouse", warehouse.toString(), "--master", "local[1]", "--no-normalized");
      assertThat(rerun.process.waitFor()).as(rerun.err()).isZero();
      assertThat(counts(warehouse)).as("rerun after kill %d (%s)", kill, landed.get(kill))
          .isEqualTo(expected(a, b));
    }
    // B's partitions are new ones: an append's job commit moves each new partition folder whole,
    // and the catalog registers them after it. (Rows appended into partitions the table already
    // has would appear file by file during the commit.)
    assertThat(months.get("b")).as("B's snapshot months").doesNotContainAnyElementsOf(
        months.get("a"));
    System.out.println("IngestCrashTest: kills landed " + landed);
  }

  private static List<String> missing(Map<String, Long> expected, Map<String, Long> actual) {
    return expected.keySet().stream().filter(key -> !actual.containsKey(key)).toList();
  }

  /** A committed task of an append: FileOutputCommitter moved it to _temporary/0/task_*. */
  private static boolean committedTask(Path table) {
    try (var files = Files.list(table.resolve("_temporary").resolve("0"))) {
      return files.anyMatch(file -> file.getFileName().toString().startsWith("task_"));
    } catch (IOException e) {
      return false; // not there yet, or gone with the job's commit
    }
  }

  private static boolean staging(Path table) throws IOException {
    try (var files = Files.list(table)) {
      return files.anyMatch(file -> file.getFileName().toString().startsWith(".spark-staging"));
    }
  }

  private static List<String> leftovers(Path table) throws IOException {
    try (var files = Files.walk(table)) {
      return files.map(file -> table.relativize(file).toString())
          .filter(name -> name.startsWith("_temporary") || name.startsWith(".spark-staging"))
          .filter(name -> name.chars().filter(c -> c == '/').count() <= 3)
          .toList();
    }
  }

  /** About ten thousand rows in one month; the seed varies the billing codes' rows. */
  private ExpectedCounts preprocess(String name, long seed) throws IOException {
    Path source = dir.resolve(name + ".json");
    ExpectedCounts counts = TicFileGenerator.write(GeneratorSpec.builder()
        .seed(seed)
        .items(10)
        .remoteReferenceFraction(0)
        .build(), source);
    new Preprocessor(PreprocessConfig.builder(source.toString(), dir.resolve(name))
        .chunkBytes(256L << 10)
        .build()).run();
    return counts;
  }

  /** Rows per {@code source|billing_code}: a or b, as the catalog shows them to a new JVM. */
  private Map<String, Long> counts(Path warehouse) throws Exception {
    Child sql = ptlake("sql", "sql", "--warehouse", warehouse.toString(), "--master", "local[1]",
        "--format", "csv", "-e", "SELECT source_file, billing_code, count(*), snapshot_month"
            + " FROM " + TABLE + " GROUP BY 1, 2, 4");
    assertThat(sql.process.waitFor()).as(sql.err()).isZero();
    Map<String, Long> counts = new TreeMap<>();
    months.clear();
    List<String> lines = Files.readAllLines(sql.out);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      String source = cells[0].endsWith("/a.json") ? "a" : cells[0].endsWith("/b.json") ? "b"
          : cells[0];
      counts.merge(source + "|" + cells[1], Long.parseLong(cells[2]), Long::sum);
      months.computeIfAbsent(source, key -> new TreeSet<>()).add(cells[3]);
    }
    return counts;
  }

  private static Map<String, Long> expected(ExpectedCounts a, ExpectedCounts b) {
    Map<String, Long> counts = new TreeMap<>();
    a.expectedRowsByBillingCode().forEach((code, n) -> {
      if (n > 0) {
        counts.put("a|" + code, n);
      }
    });
    if (b != null) {
      b.expectedRowsByBillingCode().forEach((code, n) -> {
        if (n > 0) {
          counts.put("b|" + code, n);
        }
      });
    }
    return counts;
  }

  /** {@code ptlake args} in a new JVM with this one's classpath and Java 17 flags. */
  private Child ptlake(String name, String... args) throws IOException {
    List<String> command = ChildJvm.ptlake(
        List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dptlake.log.level=info"), args);
    Path out = Files.createTempFile(dir, name, ".out");
    Path err = Files.createTempFile(dir, name, ".err");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    return new Child(process, out, err);
  }

  private record Child(Process process, Path out, Path errFile) {
    String err() {
      try {
        return Files.readString(errFile);
      } catch (IOException e) {
        return e.toString();
      }
    }
  }
}
