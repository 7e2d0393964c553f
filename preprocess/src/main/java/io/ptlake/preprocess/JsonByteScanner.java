package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * The byte-level JSON lexer of the fast path: reads the blocks of a {@link BlockPipeline},
 * validates the full grammar (structure, strings, escapes, UTF-8, numbers, literals) and the read
 * limits of {@link TicJson}, and copies what it scans into a {@link RecordSink} in whole ranges of
 * the source, dropping the blanks outside strings and rewriting only what jackson's generator
 * would render differently ({@link JacksonRendering}). What the bytes mean is left to its caller,
 * {@link FastTicSplitter}.
 *
 * <p>At the first thing it does not accept it throws {@link FastPathUnsupported} with the byte
 * offset; the caller then leaves the file to the reference splitter, which reports the error.
 */
final class JsonByteScanner extends BlockCursor {

  private static final byte[] TRUE_REST = ascii("rue");
  private static final byte[] FALSE_REST = ascii("alse");
  private static final byte[] NULL_REST = ascii("ull");

  /**
   * The splitter's own levels go 7 deep (root, in_network, item, negotiated_rates, rate,
   * provider_groups, group); a copied value may nest the rest of {@link TicJson#MAX_NESTING_DEPTH}
   * minus one, so the fast path gives up at or before the depth where Jackson would fail.
   */
  private static final int MAX_COPY_DEPTH = TicJson.MAX_NESTING_DEPTH - 8;

  /** Bytes inside a string that need no attention: printable ASCII except {@code "} and {@code \}. */
  private static final boolean[] PLAIN = new boolean[256];

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  static {
    for (int c = 0x20; c < 0x80; c++) {
      PLAIN[c] = c != '"' && c != '\\';
    }
  }

  /** The last name or short token read, as rendered. */
  final RecordSink capture = RecordSink.capture();
  private final boolean[] objectAt = new boolean[MAX_COPY_DEPTH + 1];

  private boolean nonIntegerSeen;

  JsonByteScanner(BlockPipeline source, LongConsumer progress) {
    super(source, progress);
  }

  /** A scanner of ranges ({@link #scanRange}): a parallel scanner's. */
  JsonByteScanner() {
    super(null, read -> { });
  }

  // ---- structure helpers: each consumes what it names, whitespace included ----

  /** Consumes '[' (already peeked); false when the array is empty (its ']' consumed too). */
  boolean startArray() throws IOException {
    return startContainer('[', ']', "expected an array");
  }

  boolean startObject() throws IOException {
    return startContainer('{', '}', "expected an object");
  }

  private boolean startContainer(int open, int close, String expected) throws IOException {
    if (nextNonWs() != open) {
      throw unsupported(expected);
    }
    if (peekNonWs() == close) {
      p++;
      return false;
    }
    return true;
  }

  void expectObject() throws IOException {
    if (peekNonWs() != '{') {
      throw unsupported("expected an object element");
    }
  }

  /** After an element: consumes ',' (false) or ']' (true). */
  boolean endOfArray() throws IOException {
    return endOfContainer(']', "expected ',' or ']'");
  }

  boolean endOfObject() throws IOException {
    return endOfContainer('}', "expected ',' or '}'");
  }

  private boolean endOfContainer(int close, String expected) throws IOException {
    int c = nextNonWs();
    if (c == ',') {
      return false;
    }
    if (c == close) {
      return true;
    }
    throw unsupported(expected);
  }

  /** Reads {@code "name":} into {@link #capture}, as the generator would write the name. */
  void readName() throws IOException {
    if (nextNonWs() != '"') {
      throw unsupported("expected a field name");
    }
    readString();
    if (nextNonWs() != ':') {
      throw unsupported("expected ':'");
    }
  }

  /** Captures a string's content as rendered (its opening quote already consumed). */
  void readString() throws IOException {
    capture.reset();
    out = capture;
    mark = p;
    scanString();
    flushTo(p - 1);
    out = null;
  }

  void readNumber() throws IOException {
    capture.reset();
    out = capture;
    mark = p;
    int c = nextByte();
    if (c != '-' && (c < '0' || c > '9')) {
      throw unsupported("expected a value");
    }
    scanNumber(c);
    flushTo(p);
    out = null;
  }

  /** The captured string decoded, as the parser's getText() gives it. */
  String decodeCaptured() throws IOException {
    byte[] bytes = capture.buffer();
    int length = capture.length();
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '\\') {
        byte[] quoted = new byte[length + 2];
        quoted[0] = '"';
        System.arraycopy(bytes, 0, quoted, 1, length);
        quoted[length + 1] = '"';
        try (JsonParser parser = TicJson.FACTORY.createParser(quoted)) {
          parser.nextToken();
          return parser.getText();
        }
      }
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  // ---- the scanner ----

  /**
   * Copies (or, with a null sink, skips) one JSON value starting at the next non-blank byte.
   * Returns the number of elements when the value is an array and {@code countElements}, else 0.
   * Iterative: nesting costs one flag per level, bounded by {@link #MAX_COPY_DEPTH}.
   */
  long copy(RecordSink sink, boolean countElements) throws IOException {
    peekNonWs();
    out = sink;
    mark = p;
    final boolean[] object = objectAt;
    boolean counting = false;
    long count = 0;
    int depth = 0;
    int c = nextByte();
    value:
    for (;;) {
      switch (c) {
        case '{' -> {
          if (++depth > MAX_COPY_DEPTH) {
            throw unsupported("nesting deeper than the fast path's limit");
          }
          object[depth] = true;
          c = nextNonWs();
          if (c != '}') {
            expectNameThenColon(c);
            c = nextNonWs();
            continue value;
          }
          depth--;
        }
        case '[' -> {
          if (++depth > MAX_COPY_DEPTH) {
            throw unsupported("nesting deeper than the fast path's limit");
          }
          object[depth] = false;
          if (depth == 1) {
            counting = countElements;
          }
          c = nextNonWs();
          if (c != ']') {
            continue value;
          }
          depth--;
        }
        case '"' -> scanString();
        case 't' -> literal(TRUE_REST);
        case 'f' -> literal(FALSE_REST);
        case 'n' -> literal(NULL_REST);
        default -> {
          if (c != '-' && (c < '0' || c > '9')) {
            throw unsupported("expected a value");
          }
          scanNumber(c);
        }
      }
      // a value is complete: what follows it in its container?
      for (;;) {
        if (depth == 0) {
          flushTo(p);
          out = null;
          return count;
        }
        if (depth == 1 && counting) {
          count++;
        }
        c = nextNonWs();
        if (c == ',') {
          c = nextNonWs();
          if (object[depth]) {
            expectNameThenColon(c);
            c = nextNonWs();
          }
          continue value;
        }
        if (c == (object[depth] ? '}' : ']')) {
          depth--;
          continue;
        }
        throw unsupported("expected ',' or the end of a container");
      }
    }
  }

  /**
   * Copies an array whose elements should be integers (an npi array) and returns its number of
   * elements; {@link #nonIntegerSeen} then tells whether one was something else. Such arrays of
   * 10-digit numbers are most of a payer file's bytes, so a run of compact integers is passed by
   * {@link #skipIntegersAndCommas} and nothing is written per element: the array goes to the sink
   * as whole ranges of the source, cut only at blanks and block ends. Any other element (a
   * fraction, a sign, a leading 0, a string, a number across the end of a block) and any other
   * separator take the general path.
   */
  long copyIntegerArray(RecordSink sink) throws IOException {
    nonIntegerSeen = false;
    if (peekNonWs() != '[') {
      throw unsupported("expected an array");
    }
    out = sink;
    mark = p;
    p++;
    long count = 0;
    if (peekNonWs() == ']') {
      p++;
    } else {
      for (;;) {
        count += skipIntegersAndCommas() + 1;
        int c = peekNonWs();
        int length = c >= '1' && c <= '9' && p + 16 <= end ? plainIntegerLength(p) : 0;
        if (length > 0) {
          p += length;
        } else {
          copyElement(sink, c);
        }
        c = nextNonWs();
        if (c == ']') {
          break;
        }
        if (c != ',') {
          throw unsupported("expected ',' or ']'");
        }
      }
    }
    flushTo(p);
    out = null;
    return count;
  }

  /**
   * Passes the elements from {@code p} on that are plain integers each followed right away by a
   * comma, or by a comma and one space as Python's json writes them (the space is cut out of the
   * range), within the block; returns how many, with {@code p} after the last separator.
   */
  private int skipIntegersAndCommas() throws IOException {
    final byte[] buf = b;
    final int limit = end - 16;
    int i = p;
    int n = 0;
    while (i <= limit) {
      long word = (long) LONGS.get(buf, i);
      int first = (int) word & 0xFF;
      if (first < '1' || first > '9') {
        break;
      }
      long nonDigits = nonDigits(word);
      int length;
      if (nonDigits != 0) {
        length = Long.numberOfTrailingZeros(nonDigits) >>> 3;
      } else {
        nonDigits = nonDigits((long) LONGS.get(buf, i + 8));
        if (nonDigits == 0) {
          break;
        }
        length = 8 + (Long.numberOfTrailingZeros(nonDigits) >>> 3);
      }
      // a comma right after the digits: no fraction or exponent, no blank
      if (buf[i + length] != ',') {
        break;
      }
      i += length + 1;
      n++;
      if (i < end && buf[i] == ' ') {
        flushTo(i);
        i++;
        mark = i;
      }
    }
    p = i;
    return n;
  }

  /**
   * At an id of 1 to 15 digits without a leading zero, fraction or exponent that ends within the
   * block (the usual provider_references entry): consumes it, writes it to {@code sink} as a JSON
   * string and returns its value. Else returns -1 and consumes nothing, for the general path.
   */
  long copyPlainId(RecordSink sink) throws IOException {
    final byte[] buf = b;
    final int start = p;
    if (start > end - 16) {
      return -1;
    }
    long word = (long) LONGS.get(buf, start);
    int first = (int) word & 0xFF;
    if (first < '1' || first > '9') {
      return -1;
    }
    int length = plainIntegerLength(start);
    if (length == 0) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < start + length; i++) {
      value = value * 10 + (buf[i] - '0');
    }
    sink.write((byte) '"');
    sink.writeShort(buf, start, length);
    sink.write((byte) '"');
    p = start + length;
    return value;
  }

  /** Whether the last {@link #copyIntegerArray} met an element that is not an integer. */
  boolean nonIntegerSeen() {
    return nonIntegerSeen;
  }

  /**
   * The length of the integer of 1 to 15 digits at {@code start} (16 bytes readable there), or 0
   * when it is longer or goes on with a fraction or an exponent.
   */
  private int plainIntegerLength(int start) {
    final byte[] buf = b;
    long nonDigits = nonDigits((long) LONGS.get(buf, start));
    int length;
    if (nonDigits != 0) {
      length = Long.numberOfTrailingZeros(nonDigits) >>> 3;
    } else {
      nonDigits = nonDigits((long) LONGS.get(buf, start + 8));
      if (nonDigits == 0) {
        return 0;
      }
      length = 8 + (Long.numberOfTrailingZeros(nonDigits) >>> 3);
    }
    int next = buf[start + length];
    return next == '.' || next == 'e' || next == 'E' ? 0 : length;
  }

  /**
   * One element of {@link #copyIntegerArray} by the general path, from its first byte {@code c};
   * the array's bytes are pending in the sink, so a number stays in the range.
   */
  private void copyElement(RecordSink sink, int c) throws IOException {
    if (c == '-' || (c >= '0' && c <= '9')) {
      p++;
      nonIntegerSeen |= !scanNumber(c);
    } else {
      nonIntegerSeen = true;
      flushTo(p);
      copy(sink, false);
      out = sink;
      mark = p;
    }
  }

  private void expectNameThenColon(int c) throws IOException {
    if (c != '"') {
      throw unsupported("expected a field name");
    }
    scanString();
    if (nextNonWs() != ':') {
      throw unsupported("expected ':'");
    }
  }

  private void literal(byte[] rest) throws IOException {
    for (byte expected : rest) {
      if (nextByte() != expected) {
        throw unsupported("not a JSON literal");
      }
    }
  }

  /**
   * A number whose first byte {@code c} is consumed; leaves the byte after it unread. Returns
   * whether it has neither fraction nor exponent (jackson's VALUE_NUMBER_INT).
   */
  boolean scanNumber(int c) throws IOException {
    long start = base + p - 1;
    if (c == '-') {
      c = nextByte();
      if (c < '0' || c > '9') {
        throw unsupported("'-' not followed by a digit");
      }
    }
    if (c == '0') {
      int next = peekByte();
      if (next >= '0' && next <= '9') {
        throw unsupported("leading zero");
      }
    } else {
      skipDigits();
    }
    int next = peekByte();
    boolean integral = true;
    if (next == '.') {
      integral = false;
      p++;
      c = nextByte();
      if (c < '0' || c > '9') {
        throw unsupported("decimal point not followed by a digit");
      }
      skipDigits();
      next = peekByte();
    }
    if (next == 'e' || next == 'E') {
      integral = false;
      p++;
      c = nextByte();
      if (c == '+' || c == '-') {
        c = nextByte();
      }
      if (c < '0' || c > '9') {
        throw unsupported("exponent without digits");
      }
      skipDigits();
    }
    if (base + p - start > TicJson.MAX_NUMBER_LENGTH) {
      throw unsupported("a number longer than the limit");
    }
    return integral;
  }

  private void skipDigits() throws IOException {
    for (;;) {
      final byte[] buf = b;
      final int limit = end;
      int i = p;
      for (;;) {
        if (i <= limit - 8) {
          long nonDigits = nonDigits((long) LONGS.get(buf, i));
          if (nonDigits == 0) {
            i += 8;
            continue;
          }
          i += Long.numberOfTrailingZeros(nonDigits) >>> 3;
          break;
        }
        while (i < limit && buf[i] >= '0' && buf[i] <= '9') {
          i++;
        }
        break;
      }
      p = i;
      if (i < limit || !fill()) {
        return;
      }
    }
  }

  /** The rest of a string whose opening quote is consumed, through its closing quote. */
  private void scanString() throws IOException {
    final long start = base + p;
    final boolean[] plain = PLAIN;
    for (;;) {
      final byte[] buf = b;
      final int limit = end;
      int i = p;
      for (;;) {
        if (i <= limit - 8) {
          long special = specials((long) LONGS.get(buf, i));
          if (special == 0) {
            i += 8;
            continue;
          }
          i += Long.numberOfTrailingZeros(special) >>> 3;
          break;
        }
        while (i < limit && plain[buf[i] & 0xFF]) {
          i++;
        }
        break;
      }
      p = i;
      if (i == limit) {
        if (!fill()) {
          throw unsupported("end of input in a string");
        }
        continue;
      }
      int c = buf[i] & 0xFF;
      if (c == '"') {
        p = i + 1;
        if (base + p - start > TicJson.MAX_STRING_LENGTH) {
          throw unsupported("a string longer than the limit");
        }
        return;
      }
      if (c == '\\') {
        escape();
      } else if (c < 0x20) {
        throw unsupported("a control character in a string");
      } else {
        multiByte(c);
      }
    }
  }

  /**
   * The high bit of each of 8 bytes (little-endian) that is a quote, a backslash, below 0x20 or
   * above 0x7F, SWAR style; the lowest flag is exact (a borrow only spills above a real hit).
   */
  private static long specials(long x) {
    long quote = x ^ 0x2222222222222222L;
    long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
    long found = ((quote - ONES) & ~quote)
        | ((backslash - ONES) & ~backslash)
        | ((x - 0x2020202020202020L) & ~x)
        | x;
    return found & HIGH_BITS;
  }

  /**
   * Non-zero high nibbles where one of 8 bytes is not an ASCII digit; the lowest is exact (a
   * carry only spills above a byte that is itself no digit).
   */
  private static long nonDigits(long x) {
    return ((x & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L)
        | (((x + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L);
  }

  /** At a backslash: writes the escaped character the way the generator renders it. */
  private void escape() throws IOException {
    RecordSink sink = out;
    flushTo(p);
    out = null;
    p++;
    int c = nextByte();
    int ch;
    switch (c) {
      case '"' -> ch = '"';
      case '\\' -> ch = '\\';
      case '/' -> ch = '/';
      case 'b' -> ch = '\b';
      case 'f' -> ch = '\f';
      case 'n' -> ch = '\n';
      case 'r' -> ch = '\r';
      case 't' -> ch = '\t';
      case 'u' -> {
        ch = 0;
        for (int i = 0; i < 4; i++) {
          int digit = Character.digit(nextByte(), 16);
          if (digit < 0) {
            throw unsupported("a bad \\u escape");
          }
          ch = (ch << 4) | digit;
        }
      }
      default -> throw unsupported("an unknown escape");
    }
    out = sink;
    mark = p;
    if (sink != null) {
      JacksonRendering.render(sink, ch);
    }
  }

  /**
   * At a byte >= 0x80. The generator writes BMP characters back as the same UTF-8 and characters
   * above it as two escaped surrogates; sequences jackson's decoder reads differently from a
   * strict one (overlong forms, encoded surrogates) are left to the reference path.
   */
  private void multiByte(int lead) throws IOException {
    int n;
    if (lead >= 0xC2 && lead <= 0xDF) {
      n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      n = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      n = 4;
    } else {
      throw unsupported("invalid UTF-8");
    }
    int cp = lead & (0xFF >> (n + 1));
    if (p + n <= end) {
      for (int i = 1; i < n; i++) {
        int next = b[p + i] & 0xFF;
        if ((next & 0xC0) != 0x80) {
          throw unsupported("invalid UTF-8");
        }
        cp = (cp << 6) | (next & 0x3F);
      }
      JacksonRendering.checkCodePoint(n, cp);
      if (n < 4) {
        p += n;
        return;
      }
      RecordSink sink = out;
      flushTo(p);
      p += n;
      mark = p;
      if (sink != null) {
        JacksonRendering.renderSupplementary(sink, cp);
      }
      return;
    }
    // the sequence crosses a block boundary
    RecordSink sink = out;
    flushTo(p);
    out = null;
    p++;
    byte[] bytes = new byte[n];
    bytes[0] = (byte) lead;
    for (int i = 1; i < n; i++) {
      int next = nextByte();
      if (next < 0 || (next & 0xC0) != 0x80) {
        throw unsupported("invalid UTF-8");
      }
      bytes[i] = (byte) next;
      cp = (cp << 6) | (next & 0x3F);
    }
    JacksonRendering.checkCodePoint(n, cp);
    out = sink;
    mark = p;
    if (sink != null) {
      if (n < 4) {
        sink.write(bytes, 0, n);
      } else {
        JacksonRendering.renderSupplementary(sink, cp);
      }
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
