package io.ptlake.spark.parquet;

/**
 * The RLE / bit-packing hybrid of the Parquet format (levels and dictionary ids), written from
 * runs: a run of eight or more values costs a header and one value however long it is; shorter
 * runs go into groups of eight bit-packed values. parquet-mr's encoder takes one value per call
 * and counts repeats itself; here the caller already knows the run.
 *
 * <p>A bit-packed run must hold whole groups of eight, so values of a short run wait in
 * {@code pending} until a group is full; a long run first fills the pending group, then becomes
 * an RLE run. Only the last group of the stream may be padded: readers read as many values as
 * the page declares.
 */
final class RleHybridEncoder {
  private final int[] pending = new int[8];
  /** One group of eight values of up to 32 bits, packed. */
  private final byte[] group = new byte[32];
  private final ByteSink packed = new ByteSink(256);
  private ByteSink out;
  private int bitWidth;
  private int byteWidth;
  private int numPending;
  private int packedGroups;
  private int rleValue;
  private long rleCount;

  /** Starts a stream of {@code bitWidth}-bit values (0 to 32) appended to {@code target}. */
  void start(int bitWidth, ByteSink target) {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new IllegalArgumentException("Cannot encode values of " + bitWidth + " bits");
    }
    this.out = target;
    this.bitWidth = bitWidth;
    this.byteWidth = (bitWidth + 7) / 8;
    numPending = 0;
    packedGroups = 0;
    packed.reset();
    rleCount = 0;
  }

  void writeRun(int value, long count) {
    if (rleCount > 0) {
      if (value == rleValue) {
        rleCount += count;
        return;
      }
      flushRle();
    }
    if (numPending > 0) {
      int take = (int) Math.min(count, 8 - numPending);
      for (int i = 0; i < take; i++) {
        pending[numPending++] = value;
      }
      count -= take;
      if (numPending == 8) {
        packGroup();
      }
    }
    if (count >= 8) {
      flushPacked();
      rleValue = value;
      rleCount = count;
    } else {
      for (int i = 0; i < count; i++) {
        pending[numPending++] = value;
      }
    }
  }

  /** Ends the stream: the open run, and the last group padded with zeros. */
  void finish() {
    flushRle();
    if (numPending > 0) {
      while (numPending < 8) {
        pending[numPending++] = 0;
      }
      packGroup();
    }
    flushPacked();
  }

  private void flushRle() {
    if (rleCount == 0) {
      return;
    }
    out.writeUnsignedVarLong(rleCount << 1);
    for (int i = 0; i < byteWidth; i++) {
      out.write(rleValue >>> (8 * i));
    }
    rleCount = 0;
  }

  private void packGroup() {
    long buffer = 0;
    int bits = 0;
    int bytes = 0;
    long mask = bitWidth == 32 ? 0xFFFFFFFFL : (1L << bitWidth) - 1;
    for (int i = 0; i < 8; i++) {
      buffer |= (pending[i] & mask) << bits;
      bits += bitWidth;
      while (bits >= 8) {
        group[bytes++] = (byte) buffer;
        buffer >>>= 8;
        bits -= 8;
      }
    }
    packed.write(group, 0, bytes);
    numPending = 0;
    packedGroups++;
  }

  private void flushPacked() {
    if (packedGroups == 0) {
      return;
    }
    out.writeUnsignedVarLong(((long) packedGroups << 1) | 1);
    out.write(packed);
    packed.reset();
    packedGroups = 0;
  }

  /** Bits needed for values up to {@code max}: 0 for 0, as parquet-mr's getWidthFromMaxInt. */
  static int bitWidth(int max) {
    return 32 - Integer.numberOfLeadingZeros(max);
  }
}
