package io.ptlake.spark.ingest;

import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * Keys that put each write task's rows in a shuffle partition of its own. Spark's
 * {@code repartition(n, column)} sends a row to partition {@code pmod(murmur3(value), n)}, so n
 * distinct tasks hashed that way collide (about a third of the partitions empty, others holding
 * two or three tasks); repartitioning by the key of each task instead sends task i to partition i.
 * Shared by the ingest's write ({@link WriteTasks}) and the compaction.
 */
public final class HashPartitionKeys {
  /** Spark's seed for murmur3 in hash() and in hash partitioning. */
  private static final int SPARK_HASH_SEED = 42;

  private HashPartitionKeys() {}

  /**
   * For each partition i of n, an int that Spark's hash partitioning into n sends to i. Found by
   * trying 0, 1, 2, … (about {@code n · ln(n)} hashes).
   */
  public static int[] of(int n) {
    int[] keys = new int[n];
    boolean[] found = new boolean[n];
    int missing = n;
    for (int key = 0; missing > 0; key++) {
      int partition = Math.floorMod(Murmur3_x86_32.hashInt(key, SPARK_HASH_SEED), n);
      if (!found[partition]) {
        found[partition] = true;
        keys[partition] = key;
        missing--;
      }
    }
    return keys;
  }
}
