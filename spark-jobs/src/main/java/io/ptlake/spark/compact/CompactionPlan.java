package io.ptlake.spark.compact;

import io.ptlake.spark.catalog.BucketFiles;
import io.ptlake.spark.ingest.HashPartitionKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Which partitions of a table a compaction rewrites, into how many files, and which write task
 * writes each file: decided from a listing of the data files alone, without reading any row.
 *
 * <p>A partition is rewritten when one of its buckets (the whole partition, for a table without
 * buckets) holds more files than {@code ceil(bytes / target)}, or when a file of a bucketed table
 * carries no bucket id in its name. The others are left alone, so a second run finds nothing to do.
 * A rewritten partition's every bucket is written again (a dynamic overwrite replaces the whole
 * partition), each as {@code max(1, ceil(bytes / target))} files.
 *
 * <p>Files: a write task writes one file per (partition, bucket) among its rows, so the plan gives
 * each file of a split bucket a task of its own and packs whole small buckets into shared tasks of
 * up to {@code taskBytes}, which keeps the task count near the bytes to write instead of the
 * partition count (10-20 thousand a month with {@code --layout billing_code}). Rows reach their
 * task through a hash repartition on a key that {@link #taskKeys} picks per task so that Spark's
 * {@code pmod(murmur3(key), tasks)} is the task itself: no two tasks share a shuffle partition.
 */
final class CompactionPlan {
  /** A data file: its partition's values (in column order) and the file's name and size. */
  record DataFile(List<String> partition, String name, long bytes) {}

  /**
   * One partition of the listing.
   *
   * @param compact whether the plan rewrites it
   */
  record Partition(List<String> values, int files, long bytes, boolean compact) {}

  /**
   * One bucket (0 for a table without buckets) of a rewritten partition, and the tasks that write
   * its files: one task, or one per file when it is split.
   */
  record Bucket(List<String> partition, int bucket, long bytes, List<Integer> tasks) {}

  private final List<Partition> partitions;
  private final List<Bucket> buckets;
  private final int tasks;

  private CompactionPlan(List<Partition> partitions, List<Bucket> buckets, int tasks) {
    this.partitions = List.copyOf(partitions);
    this.buckets = List.copyOf(buckets);
    this.tasks = tasks;
  }

  /**
   * The plan for {@code files}.
   *
   * @param bucketCount the table's buckets; 0 for a table without buckets
   * @param targetBytes the size a file is cut at
   * @param taskBytes the bytes packed into one task out of small buckets, at most the target
   */
  static CompactionPlan of(List<DataFile> files, int bucketCount, long targetBytes,
      long taskBytes) {
    Map<List<String>, List<DataFile>> byPartition = new TreeMap<>(CompactionPlan::compare);
    for (DataFile file : files) {
      byPartition.computeIfAbsent(file.partition(), key -> new ArrayList<>()).add(file);
    }
    List<Partition> partitions = new ArrayList<>();
    List<Bucket> buckets = new ArrayList<>();
    TaskPacker packer = new TaskPacker(Math.min(taskBytes, targetBytes));
    for (Map.Entry<List<String>, List<DataFile>> entry : byPartition.entrySet()) {
      List<DataFile> inPartition = entry.getValue();
      long[] bytes = new long[Math.max(1, bucketCount)];
      int[] counts = new int[bytes.length];
      boolean unnamed = false;
      for (DataFile file : inPartition) {
        int bucket = 0;
        if (bucketCount > 0) {
          OptionalInt id = BucketFiles.bucketId(file.name());
          unnamed |= id.isEmpty() || id.getAsInt() >= bucketCount;
          bucket = id.orElse(0) % bucketCount;
        }
        bytes[bucket] += file.bytes();
        counts[bucket]++;
      }
      boolean compact = unnamed;
      for (int bucket = 0; bucket < bytes.length; bucket++) {
        compact |= counts[bucket] > files(bytes[bucket], targetBytes);
      }
      long total = inPartition.stream().mapToLong(DataFile::bytes).sum();
      partitions.add(new Partition(entry.getKey(), inPartition.size(), total, compact));
      if (compact) {
        for (int bucket = 0; bucket < bytes.length; bucket++) {
          buckets.add(new Bucket(entry.getKey(), bucket, bytes[bucket],
              packer.assign(bytes[bucket], files(bytes[bucket], targetBytes))));
        }
      }
    }
    return new CompactionPlan(partitions, buckets, packer.tasks);
  }

  /** Every partition of the listing, in value order. */
  List<Partition> partitions() {
    return partitions;
  }

  /** Every bucket of the partitions to rewrite, each with its tasks. */
  List<Bucket> buckets() {
    return buckets;
  }

  /** Write tasks: 0 when nothing is to be rewritten. */
  int tasks() {
    return tasks;
  }

  /** Files the rewrite writes, at most: one per task of each bucket that holds rows. */
  int plannedFiles() {
    return buckets.stream().filter(bucket -> bucket.bytes() > 0)
        .mapToInt(bucket -> bucket.tasks().size()).sum();
  }

  /** Per task t, the key that sends its rows to shuffle partition t of {@link #tasks}. */
  int[] taskKeys() {
    return HashPartitionKeys.of(tasks);
  }

  /** Files a group of {@code bytes} is cut into: at least one. */
  private static int files(long bytes, long targetBytes) {
    return (int) Math.max(1, (bytes + targetBytes - 1) / targetBytes);
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int order = String.valueOf(a.get(i)).compareTo(String.valueOf(b.get(i)));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** Gives a split bucket one task per file and packs whole buckets into shared tasks. */
  private static final class TaskPacker {
    private final long taskBytes;
    private int tasks;
    private int shared = -1;
    private long sharedBytes;

    TaskPacker(long taskBytes) {
      this.taskBytes = taskBytes;
    }

    List<Integer> assign(long bytes, int files) {
      if (files > 1) {
        List<Integer> own = new ArrayList<>();
        for (int i = 0; i < files; i++) {
          own.add(tasks++);
        }
        return own;
      }
      if (shared < 0 || sharedBytes + bytes > taskBytes) {
        shared = tasks++;
        sharedBytes = 0;
      }
      sharedBytes += bytes;
      return List.of(shared);
    }
  }
}
