package io.ptlake.preprocess;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where an array element (an object or array) ends by its brackets and strings alone, and
 * copies its bytes to a {@link ScanUnit}: the structural pass of simdjson, with SWAR on 8-byte
 * words instead of SIMD registers. It checks no grammar: that is the scanner's job once it reads
 * the copied element, with the element's own offsets. Outside strings it looks for quotes and
 * brackets, inside them for the closing quote and backslashes, so npi arrays and long strings
 * pass 8 bytes a step.
 */
final class ElementFinder {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private ElementFinder() {}

  /**
   * Copies the element whose first byte is at the cursor to {@code unit}, moving the cursor past
   * it. Returns false, with the cursor after the bytes copied so far, when the input ends first
   * or the element would grow past {@code maxBytes}: the caller then reads those bytes again with
   * {@link BlockCursor#replay}. Only whole blocks are copied before it gives up on a long element,
   * so at most {@code maxBytes} plus one block are copied.
   */
  static boolean copyElement(BlockCursor c, ScanUnit unit, int maxBytes) throws IOException {
    int copied = 0;
    int depth = 0;
    boolean inString = false;
    int from = c.p;
    int i = from;
    for (;;) {
      final byte[] b = c.b;
      final int end = c.end;
      while (i < end) {
        if (inString) {
          i = nextQuoteOrBackslash(b, i, end);
          if (i == end) {
            break;
          }
          if (b[i] == '\\') {
            // the escaped byte may be the next block's first
            i += 2;
            continue;
          }
          inString = false;
          i++;
        } else {
          i = nextStructural(b, i, end);
          if (i == end) {
            break;
          }
          int ch = b[i++];
          if (ch == '"') {
            inString = true;
          } else if (ch == '{' || ch == '[') {
            depth++;
          } else if ((ch == '}' || ch == ']') && --depth == 0) {
            unit.append(b, from, i - from);
            c.p = i;
            return true;
          }
          // 'y', 'Y', '_' and DEL match the bracket test too: not JSON here, the scanner says so
        }
      }
      int length = end - from;
      if (copied + length > maxBytes) {
        c.p = from;
        return false;
      }
      unit.append(b, from, length);
      copied += length;
      int carried = i - end;
      c.p = end;
      if (!c.fill()) {
        return false;
      }
      from = c.p;
      i = from + carried;
    }
  }

  private static int nextStructural(byte[] b, int i, int end) {
    for (; i <= end - 8; i += 8) {
      long hits = structural((long) LONGS.get(b, i));
      if (hits != 0) {
        return i + (Long.numberOfTrailingZeros(hits) >>> 3);
      }
    }
    for (; i < end; i++) {
      int ch = b[i] | 0x20;
      if (ch == '"' || ch == '{' || ch == '}') {
        return i;
      }
    }
    return end;
  }

  private static int nextQuoteOrBackslash(byte[] b, int i, int end) {
    for (; i <= end - 8; i += 8) {
      long hits = quoteOrBackslash((long) LONGS.get(b, i));
      if (hits != 0) {
        return i + (Long.numberOfTrailingZeros(hits) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (b[i] == '"' || b[i] == '\\') {
        return i;
      }
    }
    return end;
  }

  /**
   * The high bit of 8 bytes (little-endian) that are a quote or a bracket; {@code | 0x20} folds
   * '[' and ']' onto '{' and '}', {@code & ~0x06} folds those two together (and 'y', 'Y', '_',
   * DEL with them). Only the lowest flag is exact (a borrow only spills above a real hit).
   */
  private static long structural(long x) {
    long quote = x ^ 0x2222222222222222L;
    long bracket = ((x | 0x2020202020202020L) & 0xF9F9F9F9F9F9F9F9L) ^ 0x7979797979797979L;
    return ((quote - ONES) & ~quote | (bracket - ONES) & ~bracket) & HIGH_BITS;
  }

  /** As {@link #structural}, for a quote or a backslash. */
  private static long quoteOrBackslash(long x) {
    long quote = x ^ 0x2222222222222222L;
    long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
    return ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash) & HIGH_BITS;
  }
}
