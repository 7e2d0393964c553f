package io.ptlake.spark.parquet;

import java.util.Arrays;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * Byte-string values of a BINARY (strings) or FIXED_LEN_BYTE_ARRAY (decimals) column, stored
 * back to back in one array. As a dictionary it finds a value's id by an open-addressing hash
 * table over the stored bytes (no object per value); as a page's plain values it only appends.
 */
final class BinaryValues implements ValueStore {
  private static final int SEED = 0x3c074a61;

  private final boolean dictionary;
  /** PLAIN encoding of BINARY prefixes each value with its length; FIXED_LEN_BYTE_ARRAY does not. */
  private final boolean lengthPrefixed;
  /** Decimals compare as signed big-endian integers, strings as unsigned bytes. */
  private final boolean signed;
  private byte[] data = new byte[1024];
  private int dataSize;
  private int[] starts = new int[64];
  private int[] hashes;
  /** Open addressing: id + 1, 0 for an empty slot. */
  private int[] slots;
  private int size;

  BinaryValues(boolean dictionary, boolean lengthPrefixed, boolean signed) {
    this.dictionary = dictionary;
    this.lengthPrefixed = lengthPrefixed;
    this.signed = signed;
    if (dictionary) {
      hashes = new int[64];
      slots = new int[128];
    }
  }

  /**
   * The id of the {@code length} bytes at {@code offset} of {@code base} (a byte array with
   * {@link Platform#BYTE_ARRAY_OFFSET}, or the base of a Spark unsafe row), added if new.
   */
  int add(Object base, long offset, int length) {
    if (!dictionary) {
      return append(base, offset, length);
    }
    int hash = Murmur3_x86_32.hashUnsafeBytes2(base, offset, length, SEED);
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int entry = slots[slot];
      if (entry == 0) {
        int id = append(base, offset, length);
        hashes[id] = hash;
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
          rehash();
        }
        return id;
      }
      int id = entry - 1;
      if (hashes[id] == hash && equals(id, base, offset, length)) {
        return id;
      }
    }
  }

  /** Whether value {@code id} is the {@code length} bytes at {@code offset} of {@code base}. */
  boolean equals(int id, Object base, long offset, int length) {
    int start = starts[id];
    if (starts[id + 1] - start != length) {
      return false;
    }
    if (base instanceof byte[] array) {
      // The JDK's vectorized comparison, for values on the heap (all of Spark's rows here).
      int from = (int) (offset - Platform.BYTE_ARRAY_OFFSET);
      return java.util.Arrays.equals(data, start, start + length, array, from, from + length);
    }
    int i = 0;
    long from = Platform.BYTE_ARRAY_OFFSET + start;
    for (; i + 8 <= length; i += 8) {
      if (Platform.getLong(data, from + i) != Platform.getLong(base, offset + i)) {
        return false;
      }
    }
    for (; i < length; i++) {
      if (data[start + i] != Platform.getByte(base, offset + i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public long plainBytes() {
    return dataSize + (lengthPrefixed ? 4L * size : 0);
  }

  @Override
  public void writePlain(int id, ByteSink out) {
    int start = starts[id];
    int length = starts[id + 1] - start;
    if (lengthPrefixed) {
      out.writeIntLittleEndian(length);
    }
    out.write(data, start, length);
  }

  @Override
  public int compare(int left, int right) {
    int leftStart = starts[left];
    int rightStart = starts[right];
    int leftLength = starts[left + 1] - leftStart;
    int rightLength = starts[right + 1] - rightStart;
    if (signed) {
      // Equal lengths (fixed_len_byte_array): the sign byte first, then unsigned.
      int first = Byte.compare(data[leftStart], data[rightStart]);
      if (first != 0) {
        return first;
      }
      return Arrays.compareUnsigned(data, leftStart + 1, leftStart + leftLength, data,
          rightStart + 1, rightStart + rightLength);
    }
    return Arrays.compareUnsigned(data, leftStart, leftStart + leftLength, data, rightStart,
        rightStart + rightLength);
  }

  @Override
  public void updateStatistics(Statistics<?> stats, int min, int max) {
    stats.updateStats(binary(min));
    stats.updateStats(binary(max));
  }

  /** Reused: the statistics copy it, since the bytes are overwritten by later values. */
  private Binary binary(int id) {
    return Binary.fromReusedByteArray(data, starts[id], starts[id + 1] - starts[id]);
  }

  @Override
  public void clear() {
    size = 0;
    dataSize = 0;
    if (dictionary) {
      Arrays.fill(slots, 0);
    }
  }

  private int append(Object base, long offset, int length) {
    if (size + 2 > starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
      if (dictionary) {
        hashes = Arrays.copyOf(hashes, starts.length);
      }
    }
    if (dataSize + length > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, dataSize + length));
    }
    Platform.copyMemory(base, offset, data, Platform.BYTE_ARRAY_OFFSET + dataSize, length);
    starts[size] = dataSize;
    dataSize += length;
    starts[size + 1] = dataSize;
    return size++;
  }

  private void rehash() {
    int[] bigger = new int[slots.length * 2];
    int mask = bigger.length - 1;
    for (int id = 0; id < size; id++) {
      int slot = hashes[id] & mask;
      while (bigger[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      bigger[slot] = id + 1;
    }
    slots = bigger;
  }
}
