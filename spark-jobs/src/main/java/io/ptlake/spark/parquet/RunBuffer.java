package io.ptlake.spark.parquet;

import java.util.Arrays;

/**
 * One page of a column as runs of (value, count): a value repeated over many rows costs one entry,
 * and a run appended right after one of the same value only grows it.
 */
final class RunBuffer {
  private int[] values = new int[64];
  private int[] counts = new int[64];
  private int size;
  private long total;

  void add(int value, int count) {
    if (size > 0 && values[size - 1] == value) {
      counts[size - 1] += count;
    } else {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        counts = Arrays.copyOf(counts, size * 2);
      }
      values[size] = value;
      counts[size] = count;
      size++;
    }
    total += count;
  }

  int size() {
    return size;
  }

  int value(int run) {
    return values[run];
  }

  int count(int run) {
    return counts[run];
  }

  /** Values the runs stand for: the sum of their counts. */
  long total() {
    return total;
  }

  void clear() {
    size = 0;
    total = 0;
  }

  /** The runs encoded as the RLE / bit-packing hybrid of {@code bitWidth} bits. */
  void encode(RleHybridEncoder encoder, int bitWidth, ByteSink out) {
    encoder.start(bitWidth, out);
    for (int run = 0; run < size; run++) {
      encoder.writeRun(values[run], counts[run]);
    }
    encoder.finish();
  }
}
