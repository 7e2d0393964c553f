package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The fast single pass: the same split and counts as {@link TicSplitter}, done by a byte-level
 * scanner that copies the source's bytes into the records in whole ranges instead of parsing and
 * regenerating every token. The scanner validates the full JSON grammar (structure, strings,
 * escapes, UTF-8, numbers, literals) and the read limits of {@link TicJson} as it copies.
 *
 * <p>It writes exactly the bytes Jackson's generator writes for the reference splitter: whitespace
 * outside strings is dropped, and only what the generator would render differently is rewritten
 * (escapes, characters outside the BMP, which jackson 2.15 writes as {@code \\uXXXX} pairs).
 *
 * <p>It never explains a bad file: at the first thing it does not accept (malformed JSON, a wrong
 * structure, a limit reached, bytes whose rendering it does not reproduce such as overlong UTF-8)
 * it throws {@link Unsupported}, and the caller runs {@link TicSplitter} over the file again, which
 * either produces the same output or reports the error with its offset, line, column and path.
 * Valid files take the fast path only; a malformed one costs a second read up to its error.
 */
final class RawSplitter implements SplitResult {

  /** The fast path cannot go on; the reference splitter must read the file. Carries no stack. */
  static final class Unsupported extends IOException {
    Unsupported(String reason) {
      super(reason, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static final byte[] IN_NETWORK = ascii("in_network");
  private static final byte[] PROVIDER_REFERENCES = ascii("provider_references");
  private static final byte[] NEGOTIATED_RATES = ascii("negotiated_rates");
  private static final byte[] NEGOTIATED_PRICES = ascii("negotiated_prices");
  private static final byte[] PROVIDER_GROUPS = ascii("provider_groups");
  private static final byte[] PROVIDER_GROUP_ID = ascii("provider_group_id");
  private static final byte[] NPI = ascii("npi");
  private static final byte[] BILLING_CODE = ascii("billing_code");
  private static final byte[] LOCATION = ascii("location");
  private static final byte[] ITEM_START = ascii("{\"item\":");
  private static final byte[] RATES_COUNT = ascii(",\"negotiated_rates_count\":");
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

  /** How jackson's generator writes characters below 0x80: 0 raw, else the escape letter or 'u'. */
  private static final byte[] ESCAPE = new byte[128];

  private static final byte[] HEX = ascii("0123456789ABCDEF");
  private static final byte[] NO_BYTES = new byte[0];
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  static {
    for (int c = 0x20; c < 0x80; c++) {
      PLAIN[c] = c != '"' && c != '\\';
    }
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = 'u';
    }
    ESCAPE['\b'] = 'b';
    ESCAPE['\t'] = 't';
    ESCAPE['\n'] = 'n';
    ESCAPE['\f'] = 'f';
    ESCAPE['\r'] = 'r';
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
  }

  private final BlockPipeline source;
  private final ChunkWriter rates;
  private final ChunkWriter items;
  private final ReferenceStage references;
  private final LongConsumer progress;
  private final ExpectedRowCounter rows = new ExpectedRowCounter();
  private final SplitCounts counts = new SplitCounts();
  private final Map<String, String> header = new LinkedHashMap<>();
  private final RecordSink capture = RecordSink.capture();
  private final boolean[] objectAt = new boolean[MAX_COPY_DEPTH + 1];

  /** The block being scanned: bytes {@code [p, end)} of {@code b} are still to be read. */
  private BlockPipeline.Block block;
  private byte[] b = NO_BYTES;
  private int p;
  private int end;
  /** Stream offset of {@code b[0]}. */
  private long base;
  private boolean eof;
  private long nextProgress = PreprocessConfig.PROGRESS_EVERY_BYTES;

  /** Where scanned bytes go, or null while skipping; {@code [mark, p)} is not yet written there. */
  private RecordSink out;
  private int mark;

  /** {@code {"item":N} for the item being split. */
  private byte[] itemStart = NO_BYTES;

  /** What {@link #copyId} read last. */
  private long numericId;
  private String textId;

  private long typeProblemRecords;
  private long missingFieldRecords;
  /** Whether the record being copied has a value of the wrong JSON type (see {@link Manifest}). */
  private boolean typeProblem;

  RawSplitter(BlockPipeline source, Map<ChunkKind, ChunkWriter> writers, LongConsumer progress) {
    this.source = source;
    this.rates = writers.get(ChunkKind.RATES);
    this.items = writers.get(ChunkKind.ITEMS);
    this.references = new ReferenceStage(writers.get(ChunkKind.PROVIDER_REFERENCES));
    this.progress = progress;
  }

  void split() throws IOException {
    skipByteOrderMark();
    if (nextNonWs() != '{') {
      throw unsupported("the top-level value is not an object");
    }
    int c = peekNonWs();
    if (c == '}') {
      p++;
    } else {
      for (;;) {
        readName();
        if (nameIs(IN_NETWORK)) {
          splitInNetwork();
        } else if (nameIs(PROVIDER_REFERENCES)) {
          splitProviderReferences();
        } else {
          String name = decodeCaptured();
          if (name.equals("out_of_network")) {
            throw new AllowedAmountsFile();
          }
          keepHeader(name);
        }
        if (endOfObject()) {
          break;
        }
      }
    }
    if (nextNonWs() != -1) {
      throw unsupported("content after the top-level object");
    }
  }

  /**
   * A UTF-8 byte order mark before the top-level value is skipped, as jackson's parser skips it;
   * it is not part of the JSON and never reaches a chunk. UTF-16 and UTF-32 sources (which jackson
   * detects and decodes) are left to the reference splitter.
   */
  private void skipByteOrderMark() throws IOException {
    if (peekByte() == 0xEF) {
      p++;
      if (nextByte() != 0xBB || nextByte() != 0xBF) {
        throw unsupported("a top-level value starting with 0xEF that is not a byte order mark");
      }
    }
  }

  /** Bytes of JSON read, all of them once {@link #split} has returned. */
  long jsonBytes() {
    return base + end;
  }

  @Override
  public Map<String, String> header() {
    return header;
  }

  @Override
  public Map<String, Long> counts() {
    return counts.toMap(rows.undefinedReferenceIds(), typeProblemRecords, missingFieldRecords);
  }

  @Override
  public ExpectedRowCounter rows() {
    return rows;
  }

  @Override
  public List<ReferenceStage.RemoteEntry> remoteEntries() {
    return references.remoteEntries();
  }

  // ---- the in-network structure (mirrors TicSplitter) ----

  private void keepHeader(String name) throws IOException {
    int c = peekNonWs();
    switch (c) {
      case '{', '[', 'n' -> copy(null, false);
      case '"' -> {
        p++;
        readString();
        putHeader(name, decodeCaptured());
      }
      case 't', 'f' -> {
        copy(null, false);
        putHeader(name, c == 't' ? "true" : "false");
      }
      default -> {
        readNumber();
        putHeader(name,
            new String(capture.buffer(), 0, capture.length(), StandardCharsets.US_ASCII));
      }
    }
  }

  /** A top-level scalar; the same field twice with different values is left to the reference. */
  private void putHeader(String name, String value) throws Unsupported {
    String before = header.put(name, value);
    if (before != null && !before.equals(value)) {
      throw unsupported("a top-level field twice with different values");
    }
  }

  private void splitInNetwork() throws IOException {
    if (startArray()) {
      do {
        expectObject();
        splitItem(counts.items++);
      } while (!endOfArray());
    }
  }

  /** The item line stays open in the items part while its rates go to the rates part. */
  private void splitItem(long item) throws IOException {
    // every rate line of the item starts with the same bytes: rendered once, not once per rate
    itemStart = (new String(ITEM_START, StandardCharsets.US_ASCII) + item)
        .getBytes(StandardCharsets.US_ASCII);
    RecordSink line = items.startRawRecord();
    line.writeAscii(itemStart);
    long itemRates = 0;
    boolean hasBillingCode = false;
    if (startObject()) {
      do {
        readName();
        if (nameIs(NEGOTIATED_RATES)) {
          itemRates += splitRates();
        } else {
          hasBillingCode |= nameIs(BILLING_CODE);
          writeField(line);
          copy(line, false);
        }
      } while (!endOfObject());
    }
    line.writeAscii(RATES_COUNT);
    line.writeLong(itemRates);
    line.write((byte) '}');
    items.endRawRecord();
    if (!hasBillingCode) {
      missingFieldRecords++;
    }
  }

  private long splitRates() throws IOException {
    if (peekNonWs() != '[') {
      throw unsupported("negotiated_rates is not an array");
    }
    long count = 0;
    if (startArray()) {
      do {
        expectObject();
        copyRate();
        count++;
      } while (!endOfArray());
    }
    counts.rates += count;
    return count;
  }

  private void copyRate() throws IOException {
    RecordSink line = rates.startRawRecord();
    rows.startRate();
    line.writeAscii(itemStart);
    typeProblem = false;
    boolean hasPrices = false;
    if (startObject()) {
      do {
        readName();
        writeField(line);
        if (nameIs(PROVIDER_REFERENCES)) {
          copyReferencedIds(line);
        } else if (nameIs(PROVIDER_GROUPS)) {
          rows.inlineGroups(copyGroups(line, true));
        } else if (nameIs(NEGOTIATED_PRICES)) {
          hasPrices = true;
          typeProblem |= peekNonWs() != '[';
          long prices = copy(line, true);
          counts.prices += prices;
          rows.prices(prices);
        } else {
          copy(line, false);
        }
      } while (!endOfObject());
    }
    line.write((byte) '}');
    rates.endRawRecord();
    rows.endRate();
    endRecord(hasPrices);
  }

  private void copyReferencedIds(RecordSink line) throws IOException {
    if (peekNonWs() != '[') {
      throw unsupported("a rate's provider_references is not an array");
    }
    line.write((byte) '[');
    if (startArray()) {
      boolean first = true;
      do {
        if (!first) {
          line.write((byte) ',');
        }
        first = false;
        if (copyId(line)) {
          rows.referenceId(numericId);
        } else {
          rows.referenceId(textId);
        }
      } while (!endOfArray());
    }
    line.write((byte) ']');
  }

  /** Σ over the groups of max(1, |npi|); a value that is not an array is copied as it is. */
  private long copyGroups(RecordSink line, boolean inline) throws IOException {
    if (!startCopying(line, '[')) {
      return 0;
    }
    long weight = 0;
    if (startArray()) {
      boolean first = true;
      do {
        if (!first) {
          line.write((byte) ',');
        }
        first = false;
        weight += Math.max(1, copyGroup(line));
        if (inline) {
          counts.inlineGroups++;
        }
      } while (!endOfArray());
    }
    line.write((byte) ']');
    return weight;
  }

  private long copyGroup(RecordSink line) throws IOException {
    if (!startCopying(line, '{')) {
      return 0;
    }
    long npis = 0;
    if (startObject()) {
      boolean first = true;
      do {
        readName();
        if (!first) {
          line.write((byte) ',');
        }
        first = false;
        writeName(line);
        if (nameIs(NPI)) {
          npis += copyNpis(line);
        } else {
          copy(line, false);
        }
      } while (!endOfObject());
    }
    line.write((byte) '}');
    return npis;
  }

  /**
   * Copies an npi value and returns its number of entries, noting any that is not an integer.
   * npi arrays are most of a file's bytes, so an array is copied as one range of the source (the
   * blanks in it dropped as {@link #copy} drops them) while its numbers are checked in place,
   * instead of capturing each number and writing it again.
   */
  private long copyNpis(RecordSink line) throws IOException {
    if (peekNonWs() != '[') {
      typeProblem = true;
      copy(line, false);
      return 0;
    }
    out = line;
    mark = p;
    p++;
    long npis = 0;
    int c = nextNonWs();
    if (c != ']') {
      for (;;) {
        if (c == '-' || (c >= '0' && c <= '9')) {
          typeProblem |= !scanNumber(c);
        } else {
          // c was read from this block (a block is only left once read), so p - 1 is in it
          p--;
          flushTo(p);
          typeProblem = true;
          copy(line, false);
          out = line;
          mark = p;
        }
        npis++;
        c = nextNonWs();
        if (c == ']') {
          break;
        }
        if (c != ',') {
          throw unsupported("expected ',' or ']'");
        }
        c = nextNonWs();
      }
    }
    flushTo(p);
    out = null;
    return npis;
  }

  /**
   * Writes the opening byte of the container that should come next. Any other value is a type
   * problem: it is copied as it is and false returned, for the caller to count it as empty.
   */
  private boolean startCopying(RecordSink line, int open) throws IOException {
    if (peekNonWs() != open) {
      typeProblem = true;
      copy(line, false);
      return false;
    }
    line.write((byte) open);
    return true;
  }

  /** Counts the record just written under the manifest's problem counts. */
  private void endRecord(boolean complete) {
    if (typeProblem) {
      typeProblemRecords++;
    }
    if (!complete) {
      missingFieldRecords++;
    }
  }

  private void splitProviderReferences() throws IOException {
    if (startArray()) {
      do {
        expectObject();
        copyReference();
        counts.references++;
      } while (!endOfArray());
    }
  }

  private void copyReference() throws IOException {
    RecordSink line = references.start();
    line.write((byte) '{');
    typeProblem = false;
    boolean hasId = false;
    boolean numeric = false;
    long idValue = 0;
    String idText = null;
    String location = null;
    boolean hasGroups = false;
    long weight = 0;
    if (startObject()) {
      boolean first = true;
      do {
        readName();
        if (!first) {
          line.write((byte) ',');
        }
        first = false;
        writeName(line);
        if (nameIs(PROVIDER_GROUP_ID)) {
          hasId = true;
          numeric = copyId(line);
          idValue = numericId;
          idText = textId;
        } else if (nameIs(PROVIDER_GROUPS)) {
          hasGroups = true;
          weight += copyGroups(line, false);
        } else if (nameIs(LOCATION)) {
          counts.remoteReferences++;
          location = copyLocation(line);
        } else {
          copy(line, false);
        }
      } while (!endOfObject());
    }
    line.write((byte) '}');
    String id = !hasId ? null : numeric ? Long.toString(idValue) : idText;
    boolean held = references.end(id, location, hasGroups);
    if (hasId && !held) {
      if (numeric) {
        rows.defineId(idValue, weight);
      } else {
        rows.defineId(idText, weight);
      }
    }
    endRecord(hasId);
  }

  /** Copies a location value; returns it when it is a string (a URL to fetch), else null. */
  private String copyLocation(RecordSink line) throws IOException {
    if (peekNonWs() != '"') {
      copy(line, false);
      return null;
    }
    p++;
    readString();
    line.write((byte) '"');
    line.write(capture.buffer(), 0, capture.length());
    line.write((byte) '"');
    return decodeCaptured();
  }

  /**
   * Reads an id (number or string) and writes its canonical form as a string. Returns true with
   * {@link #numericId} set for a plain integer of at most 18 digits (no String made), else false
   * with {@link #textId} set to the canonical form.
   */
  private boolean copyId(RecordSink line) throws IOException {
    int c = peekNonWs();
    String text;
    if (c == '"') {
      p++;
      readString();
      text = decodeCaptured();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      readNumber();
      long value = plainDigits(capture.buffer(), capture.length());
      if (value >= 0) {
        line.write((byte) '"');
        line.write(capture.buffer(), 0, capture.length());
        line.write((byte) '"');
        numericId = value;
        return true;
      }
      text = new String(capture.buffer(), 0, capture.length(), StandardCharsets.ISO_8859_1);
    } else {
      throw unsupported("an id that is neither a number nor a string");
    }
    String id = ProviderIds.canonical(text);
    line.write((byte) '"');
    if (id.equals(text)) {
      line.write(capture.buffer(), 0, capture.length());
    } else {
      line.writeAscii(id.getBytes(StandardCharsets.US_ASCII));
    }
    line.write((byte) '"');
    textId = id;
    return false;
  }

  /** The value of 1 to 18 digits without a leading zero (as JSON numbers are), else -1. */
  private static long plainDigits(byte[] bytes, int length) {
    if (length > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  // ---- structure helpers: each consumes what it names, whitespace included ----

  /** Consumes '[' (already peeked); false when the array is empty (its ']' consumed too). */
  private boolean startArray() throws IOException {
    return startContainer('[', ']', "expected an array");
  }

  private boolean startObject() throws IOException {
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

  private void expectObject() throws IOException {
    if (peekNonWs() != '{') {
      throw unsupported("expected an object element");
    }
  }

  /** After an element: consumes ',' (false) or ']' (true). */
  private boolean endOfArray() throws IOException {
    return endOfContainer(']', "expected ',' or ']'");
  }

  private boolean endOfObject() throws IOException {
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
  private void readName() throws IOException {
    if (nextNonWs() != '"') {
      throw unsupported("expected a field name");
    }
    readString();
    if (nextNonWs() != ':') {
      throw unsupported("expected ':'");
    }
  }

  private boolean nameIs(byte[] name) {
    int length = name.length;
    if (capture.length() != length) {
      return false;
    }
    byte[] captured = capture.buffer();
    for (int i = 0; i < length; i++) {
      if (captured[i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  /** {@code ,"name":} for a record whose first field is the synthetic {@code item}. */
  private void writeField(RecordSink line) throws IOException {
    line.write((byte) ',');
    writeName(line);
  }

  private void writeName(RecordSink line) throws IOException {
    line.write((byte) '"');
    line.write(capture.buffer(), 0, capture.length());
    line.write((byte) '"');
    line.write((byte) ':');
  }

  /** Captures a string's content as rendered (its opening quote already consumed). */
  private void readString() throws IOException {
    capture.reset();
    out = capture;
    mark = p;
    scanString();
    flushTo(p - 1);
    out = null;
  }

  private void readNumber() throws IOException {
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
  private String decodeCaptured() throws IOException {
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
  private long copy(RecordSink sink, boolean countElements) throws IOException {
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
  private boolean scanNumber(int c) throws IOException {
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
      render(sink, ch);
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
      checkCodePoint(n, cp);
      if (n < 4) {
        p += n;
        return;
      }
      RecordSink sink = out;
      flushTo(p);
      p += n;
      mark = p;
      if (sink != null) {
        renderSupplementary(sink, cp);
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
    checkCodePoint(n, cp);
    out = sink;
    mark = p;
    if (sink != null) {
      if (n < 4) {
        sink.write(bytes, 0, n);
      } else {
        renderSupplementary(sink, cp);
      }
    }
  }

  private static void checkCodePoint(int n, int cp) throws Unsupported {
    boolean canonical = switch (n) {
      case 2 -> cp >= 0x80;
      case 3 -> cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
      default -> cp >= 0x10000 && cp <= 0x10FFFF;
    };
    if (!canonical) {
      throw new Unsupported("UTF-8 the fast path does not reproduce");
    }
  }

  private static void renderSupplementary(RecordSink sink, int cp) throws IOException {
    int v = cp - 0x10000;
    render(sink, 0xD800 | (v >> 10));
    render(sink, 0xDC00 | (v & 0x3FF));
  }

  /** One UTF-16 char as jackson 2.15's UTF8JsonGenerator writes it inside a string. */
  private static void render(RecordSink sink, int ch) throws IOException {
    if (ch < 0x80) {
      int escape = ESCAPE[ch];
      if (escape == 0) {
        sink.write((byte) ch);
      } else if (escape != 'u') {
        sink.write((byte) '\\');
        sink.write((byte) escape);
      } else {
        hexEscape(sink, ch);
      }
    } else if (ch < 0x800) {
      sink.write((byte) (0xC0 | (ch >> 6)));
      sink.write((byte) (0x80 | (ch & 0x3F)));
    } else if (ch >= 0xD800 && ch <= 0xDFFF) {
      hexEscape(sink, ch);
    } else {
      sink.write((byte) (0xE0 | (ch >> 12)));
      sink.write((byte) (0x80 | ((ch >> 6) & 0x3F)));
      sink.write((byte) (0x80 | (ch & 0x3F)));
    }
  }

  private static void hexEscape(RecordSink sink, int ch) throws IOException {
    sink.write((byte) '\\');
    sink.write((byte) 'u');
    sink.write(HEX[(ch >> 12) & 0xF]);
    sink.write(HEX[(ch >> 8) & 0xF]);
    sink.write(HEX[(ch >> 4) & 0xF]);
    sink.write(HEX[ch & 0xF]);
  }

  // ---- bytes and blocks ----

  /** Skips blanks; returns the next byte without consuming it, or -1 at the end of input. */
  private int peekNonWs() throws IOException {
    for (;;) {
      if (p < end) {
        int c = b[p] & 0xFF;
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          skipWs();
          continue;
        }
        return c;
      }
      if (!fill()) {
        return -1;
      }
    }
  }

  /** Skips blanks and consumes the next byte; -1 at the end of input. */
  private int nextNonWs() throws IOException {
    for (;;) {
      if (p < end) {
        int c = b[p] & 0xFF;
        if (c > ' ') {
          p++;
          return c;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          skipWs();
          continue;
        }
        p++;
        return c;
      }
      if (!fill()) {
        return -1;
      }
    }
  }

  /** Blanks are not copied: what is pending is written and the copy resumes after them. */
  private void skipWs() throws IOException {
    flushTo(p);
    final byte[] buf = b;
    final int limit = end;
    int i = p;
    while (i < limit) {
      byte c = buf[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        break;
      }
      i++;
    }
    p = i;
    mark = i;
  }

  private int nextByte() throws IOException {
    if (p == end && !fill()) {
      return -1;
    }
    return b[p++] & 0xFF;
  }

  private int peekByte() throws IOException {
    if (p == end && !fill()) {
      return -1;
    }
    return b[p] & 0xFF;
  }

  private void flushTo(int position) throws IOException {
    if (out != null && position > mark) {
      out.write(b, mark, position - mark);
    }
    mark = position;
  }

  /** Moves to the next block once this one is read; false at the end of input. */
  private boolean fill() throws IOException {
    flushTo(end);
    if (eof) {
      return false;
    }
    if (block != null) {
      base += end;
      source.release(block);
      block = null;
      b = NO_BYTES;
      p = 0;
      end = 0;
      mark = 0;
    }
    BlockPipeline.Block next = source.next();
    if (next.length < 0) {
      eof = true;
      return false;
    }
    block = next;
    b = next.bytes;
    p = 0;
    mark = 0;
    end = next.length;
    long read = base + end;
    if (read >= nextProgress) {
      nextProgress = (read / PreprocessConfig.PROGRESS_EVERY_BYTES + 1)
          * PreprocessConfig.PROGRESS_EVERY_BYTES;
      progress.accept(read);
    }
    return true;
  }

  private Unsupported unsupported(String what) {
    return new Unsupported(what + " at byte offset " + (base + p));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
