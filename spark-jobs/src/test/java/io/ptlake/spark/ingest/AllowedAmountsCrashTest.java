package io.ptlake.spark.ingest;

import static io.ptlake.spark.ingest.ChildIngests.expected;
import static io.ptlake.spark.ingest.ChildIngests.killWhen;
import static io.ptlake.spark.ingest.ChildIngests.staging;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.AllowedAmountsCounts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL (destroyForcibly) of a forked {@code ptlake ingest} JVM while it reloads an
 * allowed-amounts file, as IngestCrashTest's second kill does for in_network_rates: allowed_amounts
 * is written by the same HiveTableWriter, so a merge writes into a {@code .spark-staging-*} folder
 * and drops the source's old rows only after its commit. File a is loaded, then reloaded as a2
 * (the same location and month, other rows) and killed in its write phase: a new JVM must read
 * exactly a's rows per billing code (the generator's counts), and the rerun exactly a2's.
 */
class AllowedAmountsCrashTest {
  private static final String TABLE = "ptlake.allowed_amounts";

  @TempDir Path dir;

  @Test
  void aKilledReloadLeavesTheEarlierRowsAndARerunGivesExactlyTheNewOnes() throws Exception {
    ChildIngests children = new ChildIngests(dir);
    AllowedAmountsCounts a = children.preprocessAllowed("a", "a", 1);
    AllowedAmountsCounts a2 =
        children.preprocessAllowed("a", "a2", children.sameMonthAllowedSeed(1));
    assertThat(a2.expectedRowsByBillingCode()).isNotEqualTo(a.expectedRowsByBillingCode());
    Path warehouse = dir.resolve("warehouse");
    Path table = warehouse.resolve("ptlake.db").resolve("allowed_amounts");

    children.rerun("ingest-a", "a", warehouse);
    assertThat(children.counts(warehouse, TABLE)).as("after the first load")
        .isEqualTo(expected(a.expectedRowsByBillingCode(), Map.of()));

    ChildIngests.Child reload = children.ingest("ingest-a2-killed", "a2", warehouse);
    assertThat(killWhen(reload, () -> staging(table) != null)).as("reload ended before the kill")
        .isFalse();
    Path staged = staging(table);
    assertThat(staged).as("the reload's staging folder").isNotNull();
    assertThat(staged.resolve("_SUCCESS")).as("killed before the commit").doesNotExist();
    assertThat(children.counts(warehouse, TABLE)).as("after the kill, in the write phase")
        .isEqualTo(expected(a.expectedRowsByBillingCode(), Map.of()));

    children.rerun("ingest-a2-rerun", "a2", warehouse);
    assertThat(children.counts(warehouse, TABLE)).as("rerun after the kill")
        .isEqualTo(expected(a2.expectedRowsByBillingCode(), Map.of()));
    assertThat(staging(table)).as("left after the rerun").isNull();
  }
}
