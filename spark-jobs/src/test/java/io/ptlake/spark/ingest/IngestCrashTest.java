package io.ptlake.spark.ingest;

import static io.ptlake.spark.ingest.ChildIngests.expected;
import static io.ptlake.spark.ingest.ChildIngests.killWhen;
import static io.ptlake.spark.ingest.ChildIngests.staging;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL (destroyForcibly) of a forked {@code ptlake ingest --writer spark} JVM while it writes
 * the rates table with Spark's writer (the columnar writer's own kills are
 * {@link ColumnarCrashTest}'s). A first source A is loaded cleanly; then source B (another
 * snapshot month) is loaded and killed, a third JVM reads the table through the catalog, B is
 * loaded again; then a changed B (B2: the same file, same month, other rows) is loaded and killed,
 * read, and loaded again. Each source must hold exactly its rows per billing code.
 *
 * <p>Kill 1 hits B's first load (an append into the table's {@code _temporary} folder, moved into
 * the partitions at job commit) as soon as a task has committed, while the other tasks still
 * write. The test checks that it landed there: the child was killed (status 137, not 0), a
 * committed task is still in {@code _temporary} and no partition folder of B was moved into the
 * table (B's snapshot month is not A's, so its partitions are new ones). Readers then see A alone,
 * and the rerun must not also commit the killed run's task output (it did before the writer
 * removed {@code _temporary}: B's rows twice).
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
  private static final String SPARK_WRITER = "--writer=spark";
  /** The exit status of a JVM ended by SIGKILL. */
  private static final int KILLED = 128 + 9;

  @TempDir Path dir;

  @Test
  void aKilledIngestLeavesThePreviousStateAndARerunGivesExactlyTheExpectedRows() throws Exception {
    ChildIngests children = new ChildIngests(dir);
    ExpectedCounts a = children.preprocess("a", "a", 1);
    ExpectedCounts b = children.preprocess("b", "b", 2);
    ExpectedCounts b2 = children.preprocess("b", "b2", children.sameMonthSeed(2));
    Path warehouse = dir.resolve("warehouse");

    children.rerun("ingest-a", "a", warehouse, SPARK_WRITER);
    Path table = warehouse.resolve("ptlake.db").resolve("in_network_rates");

    // Kill 1: B's first load (an append), once one of its tasks has committed.
    List<String> aFolders = partitionFolders(table);
    ChildIngests.Child loadB = children.ingest("ingest-b-killed", "b", warehouse, SPARK_WRITER);
    assertThat(killWhen(loadB, () -> committedTask(table))).as("B's load ended before the kill")
        .isFalse();
    System.out.println("IngestCrashTest: left after kill 1: " + leftovers(table));
    assertThat(loadB.process().exitValue()).as("B's load killed, not ended").isEqualTo(KILLED);
    assertThat(committedTask(table)).as("a committed task left in _temporary").isTrue();
    assertThat(partitionFolders(table)).as("killed before the job commit moved any partition")
        .isEqualTo(aFolders);
    assertThat(children.counts(warehouse)).as("after kill 1, between a task's commit and the"
        + " job's").isEqualTo(expected(a, null));
    children.rerun("ingest-b-rerun", "b", warehouse, SPARK_WRITER);
    assertThat(children.counts(warehouse)).as("rerun after kill 1").isEqualTo(expected(a, b));
    // B's partitions are new ones: an append's job commit moves each new partition folder whole,
    // and the catalog registers them after it. (Rows appended into partitions the table already
    // has would appear file by file during the commit.)
    assertThat(children.months().get("b")).as("B's snapshot months").doesNotContainAnyElementsOf(
        children.months().get("a"));

    // Kill 2: B's reload as B2 (a merge replacing every partition of B), in its write phase.
    ChildIngests.Child reload =
        children.ingest("ingest-b2-killed", "b2", warehouse, SPARK_WRITER);
    assertThat(killWhen(reload, () -> staging(table) != null)).as("reload ended before the kill")
        .isFalse();
    List<String> left = leftovers(table);
    System.out.println("IngestCrashTest: left after kill 2: " + left);
    Path staged = staging(table);
    assertThat(staged).as("the reload's staging folder").isNotNull();
    assertThat(staged.resolve("_SUCCESS")).as("killed before the commit").doesNotExist();
    assertThat(children.counts(warehouse)).as("after kill 2, in the reload's write phase")
        .isEqualTo(expected(a, b));
    children.rerun("ingest-b2-rerun", "b2", warehouse, SPARK_WRITER);
    assertThat(children.counts(warehouse)).as("rerun after kill 2").isEqualTo(expected(a, b2));
    assertThat(leftovers(table)).as("left after the rerun").isEmpty();
  }

  /** A committed task of an append: FileOutputCommitter moved it to _temporary/0/task_*. */
  private static boolean committedTask(Path table) {
    try (var files = Files.list(table.resolve("_temporary").resolve("0"))) {
      return files.anyMatch(file -> file.getFileName().toString().startsWith("task_"));
    } catch (IOException e) {
      return false; // not there yet, or gone with the job's commit
    }
  }

  /** The table's snapshot_month folders, in name order. */
  private static List<String> partitionFolders(Path table) throws IOException {
    try (var files = Files.list(table)) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.startsWith("snapshot_month=")).sorted().toList();
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
}
