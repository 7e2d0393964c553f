package io.ptlake.spark.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.spark.compact.CompactionPlan.Bucket;
import io.ptlake.spark.compact.CompactionPlan.DataFile;
import io.ptlake.spark.compact.CompactionPlan.Partition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
import org.junit.jupiter.api.Test;

/** The plan from a listing alone: which partitions, how many files, which task writes each. */
class CompactionPlanTest {
  private static final List<String> MAY_A = List.of("2024-05", "a");
  private static final List<String> MAY_B = List.of("2024-05", "b");

  @Test
  void aBucketedPartitionIsRewrittenWhenABucketHoldsMoreThanOneFileOfLessThanTheTarget() {
    CompactionPlan plan = CompactionPlan.of(List.of(
        file(MAY_A, "part-00000-x_00001.c000.snappy.parquet", 10),
        file(MAY_A, "part-00001-y_00001.c000.snappy.parquet", 10),
        file(MAY_A, "part-00000-x_00002.c000.snappy.parquet", 10),
        file(MAY_B, "part-00000-z_00000.c000.snappy.parquet", 10),
        file(MAY_B, "part-00000-z_00003.c000.snappy.parquet", 10)), 4, 100, 100);

    assertThat(plan.partitions()).containsExactly(
        new Partition(MAY_A, 3, 30, true), new Partition(MAY_B, 2, 20, false));
    // Every bucket of the rewritten partition, the empty ones too: the overwrite replaces it whole.
    assertThat(plan.buckets()).extracting(Bucket::bucket).containsExactly(0, 1, 2, 3);
    assertThat(plan.buckets()).extracting(Bucket::bytes).containsExactly(0L, 20L, 10L, 0L);
    assertThat(plan.plannedFiles()).isEqualTo(2);
  }

  @Test
  void aFileWithoutABucketIdInABucketedTableMakesItsPartitionRewritten() {
    CompactionPlan plan = CompactionPlan.of(List.of(file(MAY_A, "part-00000-x.snappy.parquet", 10)),
        2, 100, 100);

    assertThat(plan.partitions()).containsExactly(new Partition(MAY_A, 1, 10, true));
  }

  @Test
  void withoutBucketsAPartitionIsRewrittenWhenItHoldsMoreFilesThanItsBytesNeed() {
    CompactionPlan plan = CompactionPlan.of(List.of(
        file(MAY_A, "part-00000-x.c000.snappy.parquet", 60),
        file(MAY_A, "part-00001-x.c000.snappy.parquet", 60),
        file(MAY_B, "part-00000-y.c000.snappy.parquet", 60),
        file(MAY_B, "part-00001-y.c000.snappy.parquet", 60),
        file(MAY_B, "part-00002-y.c000.snappy.parquet", 60)), 0, 100, 100);

    // 120 bytes need two files of 100: two are fine; 180 bytes in three files are not.
    assertThat(plan.partitions()).containsExactly(
        new Partition(MAY_A, 2, 120, false), new Partition(MAY_B, 3, 180, true));
    assertThat(plan.buckets()).singleElement()
        .satisfies(bucket -> assertThat(bucket.tasks()).hasSize(2));
  }

  @Test
  void splitBucketsGetATaskPerFileAndSmallBucketsShareTasksUpToTheTaskBytes() {
    CompactionPlan plan = CompactionPlan.of(List.of(
        file(MAY_A, "part-00000-x_00000.c000.snappy.parquet", 150),
        file(MAY_A, "part-00001-x_00000.c000.snappy.parquet", 150),
        file(MAY_A, "part-00002-x_00000.c000.snappy.parquet", 150),
        file(MAY_A, "part-00000-x_00001.c000.snappy.parquet", 30),
        file(MAY_A, "part-00001-x_00001.c000.snappy.parquet", 30),
        file(MAY_B, "part-00000-x_00000.c000.snappy.parquet", 20),
        file(MAY_B, "part-00001-x_00000.c000.snappy.parquet", 20),
        file(MAY_B, "part-00000-x_00001.c000.snappy.parquet", 70),
        file(MAY_B, "part-00001-x_00001.c000.snappy.parquet", 70)), 2, 200, 100);

    // 450 bytes in bucket 0 of a: three files of 200, each its own task; then 60 + 40 share a
    // task, and 140 opens the next.
    assertThat(plan.buckets()).extracting(Bucket::tasks).containsExactly(
        List.of(0, 1, 2), List.of(3), List.of(3), List.of(4));
    assertThat(plan.tasks()).isEqualTo(5);
    assertThat(plan.plannedFiles()).isEqualTo(6);
  }

  @Test
  void eachTaskKeyHashesToItsOwnTaskAsSparksHashPartitioningComputesIt() {
    // A file without a bucket id: its partition is rewritten, as 1,000 files of 10 bytes.
    CompactionPlan plan = CompactionPlan.of(
        List.of(file(MAY_A, "part-00000-x.snappy.parquet", 10_000)), 1, 10, 10);
    int[] keys = plan.taskKeys();

    assertThat(keys).hasSize(1_000);
    Set<Integer> tasks = new HashSet<>();
    for (int task = 0; task < keys.length; task++) {
      assertThat(Math.floorMod(Murmur3_x86_32.hashInt(keys[task], 42), keys.length)).isEqualTo(task);
      tasks.add(keys[task]);
    }
    assertThat(tasks).hasSize(1_000);
  }

  private static DataFile file(List<String> partition, String name, long bytes) {
    return new DataFile(partition, name, bytes);
  }
}
