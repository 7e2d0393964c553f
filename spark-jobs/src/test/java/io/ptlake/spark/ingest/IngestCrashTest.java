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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL (destroyForcibly) of a forked {@code ptlake ingest} JVM while it writes the rates table.
 * A first source A is loaded cleanly; then source B (another snapshot month) is loaded and killed,
 * a third JVM reads the table through the catalog, B is loaded again; then a changed B (B2: the
 * same file, same month, other rows) is loaded and killed, read, and loaded again. Each source must
 * hold exactly its rows per billing code.
 *
 * <p>Kill 1 hits B's first load (an append into the table's {@code _temporary} folder, moved into
 * the partitions at job commit) as soon as a task has committed: the table then shows A alone or A
 * and B complete (B's snapshot month is not A's, so its partitions are new ones), and the rerun
 * must not also commit the killed run's task output (it did before the writer removed
 * {@code _temporary}: B's rows twice).
 *
 * <p>Kill 2 hits the reload of B as B2 (a merge: dynamic partition overwrite from a
 * {@code .spark-staging-*} folder) as soon as that folder appears, in its write phase. Every
 * partition of B is one only B's old rows hold, which the writer dropped before writing until
 * issue #7; now it drops them only after the commit, so readers must see exactly A and B, and the
 * rerun exactly A and B2. The test checks that the kill did land before the commit (the staging
 * folder is left without {@code _SUCCESS}). A kill inside the commit is covered in process by
 * MonthlyLoadTest (the writer finishes the partition swap).
 */
class IngestCrashTest {
  private static final String TABLE = "ptlake.in_network_rates";
  private static final Pattern LAST_UPDATED_ON =
      Pattern.compile("\"last_updated_on\"\\s*:\\s*\"(\\d{4}-\\d{2})");

  @TempDir Path dir;

  /** The snapshot months of a and b, as the last {@link #counts} saw them. */
  private final Map<String, Set<String>> months = new TreeMap<>();

  @Test
  void aKilledIngestLeavesThePreviousStateAndARerunGivesExactlyTheExpectedRows() throws Exception {
    ExpectedCounts a = preprocess("a", "a", 1);
    ExpectedCounts b = preprocess("b", "b", 2);
    ExpectedCounts b2 = preprocess("b", "b2", sameMonthSeed(2));
    Path warehouse = dir.resolve("warehouse");

    Child loadA = ptlake("ingest-a", "ingest", dir.resolve("a").toString(),
        "--warehouse", warehouse.toString(), "--master", "local[1]", "--no-normalized");
    assertThat(loadA.process.waitFor()).as(loadA.err()).isZero();
    Path table = warehouse.resolve("ptlake.db").resolve("in_network_rates");

    // Kill 1: B's first load (an append), once one of its tasks has committed.
    Child loadB = ptlake("ingest-b-killed", "ingest", dir.resolve("b").toString(),
        "--warehouse", warehouse.toString(), "--master", "local[1]", "--no-normalized");
    boolean exited = killWhen(loadB, () -> committedTask(table));
    System.out.println("IngestCrashTest: left after kill 1: " + leftovers(table));
    Map<String, Long> afterKill = counts(warehouse);
    boolean bPresent = afterKill.keySet().stream().anyMatch(key -> key.startsWith("b|"));
    String landed = exited ? "after the end" : bPresent ? "B visible" : "B absent";
    assertThat(afterKill).as("after kill 1 (%s)", landed)
        .isEqualTo(bPresent ? expected(a, b) : expected(a, null));
    rerun("ingest-b-rerun", "b", warehouse);
    assertThat(counts(warehouse)).as("rerun after kill 1 (%s)", landed)
        .isEqualTo(expected(a, b));
    // B's partitions are new ones: an append's job commit moves each new partition folder whole,
    // and the catalog registers them after it. (Rows appended into partitions the table already
    // has would appear file by file during the commit.)
    assertThat(months.get("b")).as("B's snapshot months").doesNotContainAnyElementsOf(
        months.get("a"));

    // Kill 2: B's reload as B2 (a merge replacing every partition of B), in its write phase.
    Child reload = ptlake("ingest-b2-killed", "ingest", dir.resolve("b2").toString(),
        "--warehouse", warehouse.toString(), "--master", "local[1]", "--no-normalized");
    assertThat(killWhen(reload, () -> staging(table) != null)).as("reload ended before the kill")
        .isFalse();
    List<String> left = leftovers(table);
    System.out.println("IngestCrashTest: left after kill 2: " + left);
    Path staged = staging(table);
    assertThat(staged).as("the reload's staging folder").isNotNull();
    assertThat(staged.resolve("_SUCCESS")).as("killed before the commit").doesNotExist();
    assertThat(counts(warehouse)).as("after kill 2, in the reload's write phase")
        .isEqualTo(expected(a, b));
    rerun("ingest-b2-rerun", "b2", warehouse);
    assertThat(counts(warehouse)).as("rerun after kill 2").isEqualTo(expected(a, b2));
    assertThat(leftovers(table)).as("left after the rerun").isEmpty();
  }

  /** Polls every 2 ms until {@code condition} holds, then kills; true if the child ended first. */
  private static boolean killWhen(Child child, Check condition) throws Exception {
    boolean exited = false;
    while (!exited && !condition.holds()) {
      exited = child.process.waitFor(2, TimeUnit.MILLISECONDS);
    }
    child.process.destroyForcibly();
    child.process.waitFor();
    return exited;
  }

  private interface Check {
    boolean holds() throws IOException;
  }

  private void rerun(String name, String source, Path warehouse) throws Exception {
    Child rerun = ptlake(name, "ingest", dir.resolve(source).toString(),
        "--warehouse", warehouse.toString(), "--master", "local[1]", "--no-normalized");
    assertThat(rerun.process.waitFor()).as(rerun.err()).isZero();
  }

  /** A committed task of an append: FileOutputCommitter moved it to _temporary/0/task_*. */
  private static boolean committedTask(Path table) {
    try (var files = Files.list(table.resolve("_temporary").resolve("0"))) {
      return files.anyMatch(file -> file.getFileName().toString().startsWith("task_"));
    } catch (IOException e) {
      return false; // not there yet, or gone with the job's commit
    }
  }

  /** The {@code .spark-staging-*} folder of a dynamic overwrite, or null. */
  private static Path staging(Path table) throws IOException {
    try (var files = Files.list(table)) {
      return files.filter(file -> file.getFileName().toString().startsWith(".spark-staging"))
          .findFirst().orElse(null);
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

  /**
   * About ten thousand rows in one month; the seed varies the billing codes' rows (and the
   * month). The source file is {@code <file>.json}, preprocessed into {@code <name>}.
   */
  private ExpectedCounts preprocess(String file, String name, long seed) throws IOException {
    Path source = dir.resolve(file + ".json");
    ExpectedCounts counts = TicFileGenerator.write(spec(seed), source);
    new Preprocessor(PreprocessConfig.builder(source.toString(), dir.resolve(name))
        .chunkBytes(256L << 10)
        .build()).run();
    return counts;
  }

  private static GeneratorSpec spec(long seed) {
    return GeneratorSpec.builder().seed(seed).items(10).remoteReferenceFraction(0).build();
  }

  /** A seed other than {@code seed} whose file has the same last_updated_on month. */
  private long sameMonthSeed(long seed) throws IOException {
    String month = lastUpdatedOn(seed);
    for (long other = seed + 1; ; other++) {
      if (lastUpdatedOn(other).equals(month)) {
        return other;
      }
    }
  }

  private String lastUpdatedOn(long seed) throws IOException {
    Path file = dir.resolve("seed-" + seed + ".json");
    TicFileGenerator.write(spec(seed), file);
    Matcher matcher = LAST_UPDATED_ON.matcher(Files.readString(file));
    Files.delete(file);
    assertThat(matcher.find()).as("last_updated_on in a generated file").isTrue();
    return matcher.group(1);
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

  /** Rows per {@code a|code} and {@code b|code} (b.json: B or B2), as {@link #counts} names them. */
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
