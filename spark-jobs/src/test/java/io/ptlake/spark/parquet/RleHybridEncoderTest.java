package io.ptlake.spark.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.junit.jupiter.api.Test;

/** Runs in, parquet-mr's own decoder out: the same values, whatever the run lengths. */
class RleHybridEncoderTest {
  @Test
  void longRunsShortRunsAndSingleValuesDecodeToTheSameValues() throws IOException {
    Random random = new Random(7);
    for (int bitWidth : new int[] {0, 1, 2, 3, 7, 8, 9, 13, 16, 17, 24, 31, 32}) {
      for (int trial = 0; trial < 20; trial++) {
        List<int[]> runs = new ArrayList<>();
        int values = 0;
        for (int i = random.nextInt(60); i >= 0; i--) {
          int count = switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 1 + random.nextInt(7);
            case 2 -> 8 + random.nextInt(20);
            default -> 1 + random.nextInt(5000);
          };
          long max = bitWidth == 32 ? 0xFFFFFFFFL : (1L << bitWidth) - 1;
          int value = (int) (random.nextLong() & max);
          runs.add(new int[] {value, count});
          values += count;
        }
        assertRoundTrip(bitWidth, runs, values);
      }
    }
  }

  @Test
  void aRunOfEightOrMoreAfterAPartialGroupStillDecodes() throws IOException {
    // Three values wait for a bit-packed group; the long run fills it, then becomes an RLE run.
    assertRoundTrip(3, List.of(new int[] {1, 1}, new int[] {2, 1}, new int[] {3, 1},
        new int[] {5, 100}, new int[] {6, 3}), 106);
  }

  @Test
  void aLongRunCostsAHeaderAndOneValue() {
    ByteSink out = new ByteSink(16);
    RleHybridEncoder encoder = new RleHybridEncoder();
    encoder.start(20, out);
    encoder.writeRun(123_456, 1_000_000);
    encoder.writeRun(123_456, 1_000_000);
    encoder.finish();
    // ULEB128 of 2,000,000 << 1 (22 bits: 4 bytes of 7), then the 20-bit value in 3 bytes.
    assertThat(out.size()).isEqualTo(7);
  }

  private static void assertRoundTrip(int bitWidth, List<int[]> runs, int values)
      throws IOException {
    ByteSink out = new ByteSink(16);
    RleHybridEncoder encoder = new RleHybridEncoder();
    encoder.start(bitWidth, out);
    for (int[] run : runs) {
      encoder.writeRun(run[0], run[1]);
    }
    encoder.finish();
    byte[] bytes = out.toBytesInput().toByteArray();
    RunLengthBitPackingHybridDecoder decoder = new RunLengthBitPackingHybridDecoder(bitWidth,
        ByteBufferInputStream.wrap(ByteBuffer.wrap(bytes)));
    int read = 0;
    for (int[] run : runs) {
      for (int i = 0; i < run[1]; i++) {
        assertThat(decoder.readInt()).as("value %d of %d, %d bits", read, values, bitWidth)
            .isEqualTo(run[0]);
        read++;
      }
    }
    assertThat(read).isEqualTo(values);
  }
}
