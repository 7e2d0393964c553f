package io.ptlake.spark.parquet;

import java.util.Arrays;
import org.apache.parquet.column.statistics.Statistics;

/**
 * Values of an INT64 column, or of an INT32 one (dates) held as longs: a dictionary with an
 * open-addressing table from value to id, or a page's plain values.
 */
final class LongValues implements ValueStore {
  private final boolean dictionary;
  private final boolean int32;
  private long[] values = new long[64];
  /** Open addressing: id + 1, 0 for an empty slot. */
  private int[] slots;
  private int size;

  LongValues(boolean dictionary, boolean int32) {
    this.dictionary = dictionary;
    this.int32 = int32;
    if (dictionary) {
      slots = new int[128];
    }
  }

  int add(long value) {
    if (!dictionary) {
      return append(value);
    }
    int mask = slots.length - 1;
    for (int slot = mix(value) & mask; ; slot = (slot + 1) & mask) {
      int entry = slots[slot];
      if (entry == 0) {
        int id = append(value);
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
          rehash();
        }
        return id;
      }
      if (values[entry - 1] == value) {
        return entry - 1;
      }
    }
  }

  long value(int id) {
    return values[id];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public long plainBytes() {
    return (long) size * (int32 ? 4 : 8);
  }

  @Override
  public void writePlain(int id, ByteSink out) {
    if (int32) {
      out.writeIntLittleEndian((int) values[id]);
    } else {
      out.writeLongLittleEndian(values[id]);
    }
  }

  @Override
  public int compare(int left, int right) {
    return Long.compare(values[left], values[right]);
  }

  @Override
  public void updateStatistics(Statistics<?> stats, int min, int max) {
    if (int32) {
      stats.updateStats((int) values[min]);
      stats.updateStats((int) values[max]);
    } else {
      stats.updateStats(values[min]);
      stats.updateStats(values[max]);
    }
  }

  @Override
  public void clear() {
    size = 0;
    if (dictionary) {
      Arrays.fill(slots, 0);
    }
  }

  private int append(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size] = value;
    return size++;
  }

  private void rehash() {
    int[] bigger = new int[slots.length * 2];
    int mask = bigger.length - 1;
    for (int id = 0; id < size; id++) {
      int slot = mix(values[id]) & mask;
      while (bigger[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      bigger[slot] = id + 1;
    }
    slots = bigger;
  }

  /** NPIs differ in their low digits: a multiplicative mix spreads them over the table. */
  private static int mix(long value) {
    long h = value * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
