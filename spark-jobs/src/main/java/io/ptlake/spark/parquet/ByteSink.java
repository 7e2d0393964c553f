package io.ptlake.spark.parquet;

import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.spark.unsafe.Platform;

/**
 * A growable byte array that encoders append to: no stream object per write, no synchronisation,
 * and the bytes handed to parquet-mr as one {@link BytesInput} when a page is done.
 */
final class ByteSink {
  private byte[] bytes;
  private int size;

  ByteSink(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  void reset() {
    size = 0;
  }

  void write(int b) {
    if (size == bytes.length) {
      grow(1);
    }
    bytes[size++] = (byte) b;
  }

  void write(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  /** {@code length} bytes at {@code offset} of {@code base}, as Spark's unsafe rows hold them. */
  void write(Object base, long offset, int length) {
    ensure(length);
    Platform.copyMemory(base, offset, bytes, Platform.BYTE_ARRAY_OFFSET + size, length);
    size += length;
  }

  void write(ByteSink other) {
    write(other.bytes, 0, other.size);
  }

  void writeIntLittleEndian(int value) {
    ensure(4);
    bytes[size] = (byte) value;
    bytes[size + 1] = (byte) (value >>> 8);
    bytes[size + 2] = (byte) (value >>> 16);
    bytes[size + 3] = (byte) (value >>> 24);
    size += 4;
  }

  void writeLongLittleEndian(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[size + i] = (byte) (value >>> (8 * i));
    }
    size += 8;
  }

  /** ULEB128, as the Parquet spec writes run headers. */
  void writeUnsignedVarLong(long value) {
    while ((value & ~0x7FL) != 0) {
      write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    write((int) value);
  }

  /** A copy: parquet-mr may keep the bytes it is given beyond this sink's next reset. */
  BytesInput toBytesInput() {
    return BytesInput.from(Arrays.copyOf(bytes, size));
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      grow(more);
    }
  }

  private void grow(int more) {
    long wanted = Math.max((long) bytes.length * 2, (long) size + more);
    if (wanted > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("Cannot buffer more than 2 GB of one Parquet page");
    }
    bytes = Arrays.copyOf(bytes, (int) wanted);
  }
}
