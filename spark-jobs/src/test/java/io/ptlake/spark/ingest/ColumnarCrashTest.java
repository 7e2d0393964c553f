package io.ptlake.spark.ingest;

import static io.ptlake.spark.ingest.ChildIngests.expected;
import static io.ptlake.spark.ingest.ChildIngests.killWhen;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills of a forked {@code ptlake ingest} writing with the columnar writer (the default), each
 * proven to land in the phase it tests. A first source A is loaded cleanly.
 *
 * <p>Kill 1, a SIGKILL in the write phase: B's first load is killed once a task has started its
 * file under {@code .ptlake-staging-<job>}; the staging folder has no {@code _SUCCESS} afterwards,
 * so the kill came before the commit. Readers see A alone; the rerun gives A and B exactly and
 * removes the staging folder.
 *
 * <p>Kill 2, inside the commit: B's reload as B2 (same file and month, other rows) runs in a JVM
 * whose file system halts it, as a kill would, the moment the commit moves B's staged partition
 * into the table, after deleting B's old folder (exit status 99 proves it halted there, and the
 * staging folder holds {@code _SUCCESS}). Readers then see A, and B's partition empty (a
 * Hive-style table has no multi-partition atomicity: the partition in flight is missing); the
 * next write finishes the swap, and its own reload of B2 leaves exactly A and B2.
 */
class ColumnarCrashTest {
  @TempDir Path dir;

  @Test
  void killsInTheWriteAndInTheCommitLeaveStatesThatARerunMakesExact() throws Exception {
    ChildIngests children = new ChildIngests(dir);
    ExpectedCounts a = children.preprocess("a", "a", 1);
    ExpectedCounts b = children.preprocess("b", "b", 2);
    ExpectedCounts b2 = children.preprocess("b", "b2", children.sameMonthSeed(2));
    Path warehouse = dir.resolve("warehouse");
    children.rerun("ingest-a", "a", warehouse);
    Path table = warehouse.resolve("ptlake.db").resolve("in_network_rates");

    ChildIngests.Child loadB = children.ingest("ingest-b-killed", "b", warehouse);
    assertThat(killWhen(loadB, () -> stagedFile(table).isPresent()))
        .as("B's load ended before the kill").isFalse();
    Path staging = staging(table).orElseThrow();
    assertThat(staging.resolve("_SUCCESS")).as("killed in the write phase").doesNotExist();
    assertThat(children.counts(warehouse)).as("after kill 1").isEqualTo(expected(a, null));
    children.rerun("ingest-b-rerun", "b", warehouse);
    assertThat(children.counts(warehouse)).as("rerun after kill 1").isEqualTo(expected(a, b));
    assertThat(staging(table)).as("staging after the rerun").isEmpty();

    ChildIngests.Child reload = children.ingest("ingest-b2-halted",
        CommitHaltingIngest.class.getName(),
        List.of("-D" + CommitHaltingFileSystem.HALT_AT + "=1"), "b2", warehouse);
    assertThat(reload.process().waitFor()).as(reload.err())
        .isEqualTo(CommitHaltingFileSystem.HALTED);
    assertThat(staging(table).orElseThrow().resolve("_SUCCESS"))
        .as("halted inside the commit").exists();
    assertThat(children.counts(warehouse)).as("after the halt in the commit")
        .isEqualTo(expected(a, null));
    children.rerun("ingest-b2-rerun", "b2", warehouse);
    assertThat(children.counts(warehouse)).as("rerun after kill 2").isEqualTo(expected(a, b2));
    assertThat(staging(table)).as("staging after the rerun").isEmpty();
  }

  private static Optional<Path> staging(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table)) {
      return files.filter(file -> file.getFileName().toString()
          .startsWith(ColumnarRateWrite.STAGING_PREFIX)).findFirst();
    }
  }

  /** A task's Parquet file under the staging folder, being written or written. */
  private static Optional<Path> stagedFile(Path table) throws IOException {
    Optional<Path> staging = staging(table);
    if (staging.isEmpty()) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(staging.get())) {
      return files.filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .findFirst();
    } catch (java.io.UncheckedIOException e) {
      return Optional.empty(); // a folder listed while being created or removed
    }
  }
}
