package io.ptlake.preprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The fast single pass over an in-network file: the same split and counts as the reference
 * {@link JacksonTicSplitter}, walked over the tokens of a {@link JsonByteScanner}, which copies the
 * source's bytes into the records in whole ranges instead of parsing and regenerating every
 * token. Field names are told apart through {@link TicField}, the table both splitters share.
 *
 * <p>It writes exactly the bytes Jackson's generator writes for the reference splitter: whitespace
 * outside strings is dropped, and only what the generator would render differently is rewritten.
 *
 * <p>It never explains a bad file: at the first thing it does not accept (malformed JSON, a wrong
 * structure, a limit reached, bytes whose rendering it does not reproduce such as overlong UTF-8)
 * it throws {@link FastPathUnsupported}, and the caller runs the reference splitter over the file
 * again, which either produces the same output or reports the error with its offset, line, column
 * and path. Valid files take the fast path only; a malformed one costs a second read up to its
 * error.
 */
final class FastTicSplitter implements SplitResult {

  private static final byte[] ITEM_START = JsonByteScanner.ascii("{\"item\":");
  private static final byte[] RATES_COUNT = JsonByteScanner.ascii(",\"negotiated_rates_count\":");

  private final JsonByteScanner in;
  private final RecordSink capture;
  private final ChunkWriter rates;
  private final ChunkWriter items;
  private final ReferenceStage references;
  private final ExpectedRowCounter rows = new ExpectedRowCounter();
  private final SplitCounts counts = new SplitCounts();
  private final Map<String, String> header = new LinkedHashMap<>();

  /** {@code {"item":N} for the item being split. */
  private byte[] itemStart = ITEM_START;

  /** What {@link #copyId} read last. */
  private long numericId;
  private String textId;

  private long typeProblemRecords;
  private long missingFieldRecords;
  /** Whether the record being copied has a value of the wrong JSON type (see {@link Manifest}). */
  private boolean typeProblem;

  FastTicSplitter(BlockPipeline source, Map<ChunkKind, ChunkWriter> writers, LongConsumer progress) {
    this.in = new JsonByteScanner(source, progress);
    this.capture = in.capture;
    this.rates = writers.get(ChunkKind.RATES);
    this.items = writers.get(ChunkKind.ITEMS);
    this.references = new ReferenceStage(writers.get(ChunkKind.PROVIDER_REFERENCES));
  }

  void split() throws IOException {
    in.skipByteOrderMark();
    if (in.nextNonWs() != '{') {
      throw in.unsupported("the top-level value is not an object");
    }
    int c = in.peekNonWs();
    if (c == '}') {
      in.skipPeeked();
    } else {
      for (;;) {
        switch (readField()) {
          case IN_NETWORK -> splitInNetwork();
          case PROVIDER_REFERENCES -> splitProviderReferences();
          case OUT_OF_NETWORK -> throw new AllowedAmountsFile();
          default -> keepHeader(in.decodeCaptured());
        }
        if (in.endOfObject()) {
          break;
        }
      }
    }
    if (in.nextNonWs() != -1) {
      throw in.unsupported("content after the top-level object");
    }
  }


  /** Bytes of JSON read, all of them once {@link #split} has returned. */
  long jsonBytes() {
    return in.jsonBytes();
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
    int c = in.peekNonWs();
    switch (c) {
      case '{', '[', 'n' -> in.copy(null, false);
      case '"' -> {
        in.skipPeeked();
        in.readString();
        putHeader(name, in.decodeCaptured());
      }
      case 't', 'f' -> {
        in.copy(null, false);
        putHeader(name, c == 't' ? "true" : "false");
      }
      default -> {
        in.readNumber();
        putHeader(name,
            new String(capture.buffer(), 0, capture.length(), StandardCharsets.US_ASCII));
      }
    }
  }

  /** A top-level scalar; the same field twice with different values is left to the reference. */
  private void putHeader(String name, String value) throws FastPathUnsupported {
    String before = header.put(name, value);
    if (before != null && !before.equals(value)) {
      throw in.unsupported("a top-level field twice with different values");
    }
  }

  private void splitInNetwork() throws IOException {
    if (in.startArray()) {
      do {
        in.expectObject();
        splitItem(counts.items++);
      } while (!in.endOfArray());
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
    if (in.startObject()) {
      do {
        TicField field = readField();
        if (field == TicField.NEGOTIATED_RATES) {
          itemRates += splitRates();
        } else {
          hasBillingCode |= field == TicField.BILLING_CODE;
          writeField(line);
          in.copy(line, false);
        }
      } while (!in.endOfObject());
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
    if (in.peekNonWs() != '[') {
      throw in.unsupported("negotiated_rates is not an array");
    }
    long count = 0;
    if (in.startArray()) {
      do {
        in.expectObject();
        copyRate();
        count++;
      } while (!in.endOfArray());
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
    if (in.startObject()) {
      do {
        TicField field = readField();
        writeField(line);
        switch (field) {
          case PROVIDER_REFERENCES -> copyReferencedIds(line);
          case PROVIDER_GROUPS -> rows.inlineGroups(copyGroups(line, true));
          case NEGOTIATED_PRICES -> {
            hasPrices = true;
            typeProblem |= in.peekNonWs() != '[';
            long prices = in.copy(line, true);
            counts.prices += prices;
            rows.prices(prices);
          }
          default -> in.copy(line, false);
        }
      } while (!in.endOfObject());
    }
    line.write((byte) '}');
    rates.endRawRecord();
    rows.endRate();
    endRecord(hasPrices);
  }

  private void copyReferencedIds(RecordSink line) throws IOException {
    if (in.peekNonWs() != '[') {
      throw in.unsupported("a rate's provider_references is not an array");
    }
    line.write((byte) '[');
    if (in.startArray()) {
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
      } while (!in.endOfArray());
    }
    line.write((byte) ']');
  }

  /** Σ over the groups of max(1, |npi|); a value that is not an array is copied as it is. */
  private long copyGroups(RecordSink line, boolean inline) throws IOException {
    if (!startCopying(line, '[')) {
      return 0;
    }
    long weight = 0;
    if (in.startArray()) {
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
      } while (!in.endOfArray());
    }
    line.write((byte) ']');
    return weight;
  }

  private long copyGroup(RecordSink line) throws IOException {
    if (!startCopying(line, '{')) {
      return 0;
    }
    long npis = 0;
    if (in.startObject()) {
      boolean first = true;
      do {
        TicField field = readField();
        if (!first) {
          line.write((byte) ',');
        }
        first = false;
        writeName(line);
        if (field == TicField.NPI) {
          npis += copyNpis(line);
        } else {
          in.copy(line, false);
        }
      } while (!in.endOfObject());
    }
    line.write((byte) '}');
    return npis;
  }

  /** Copies an npi value and returns its number of entries, noting any that is not an integer. */
  private long copyNpis(RecordSink line) throws IOException {
    if (in.peekNonWs() != '[') {
      typeProblem = true;
      in.copy(line, false);
      return 0;
    }
    long npis = in.copyIntegerArray(line);
    typeProblem |= in.nonIntegerSeen();
    return npis;
  }

  /**
   * Writes the opening byte of the container that should come next. Any other value is a type
   * problem: it is copied as it is and false returned, for the caller to count it as empty.
   */
  private boolean startCopying(RecordSink line, int open) throws IOException {
    if (in.peekNonWs() != open) {
      typeProblem = true;
      in.copy(line, false);
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
    if (in.startArray()) {
      do {
        in.expectObject();
        copyReference();
        counts.references++;
      } while (!in.endOfArray());
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
    if (in.startObject()) {
      boolean first = true;
      do {
        TicField field = readField();
        if (!first) {
          line.write((byte) ',');
        }
        first = false;
        writeName(line);
        switch (field) {
          case PROVIDER_GROUP_ID -> {
            hasId = true;
            numeric = copyId(line);
            idValue = numericId;
            idText = textId;
          }
          case PROVIDER_GROUPS -> {
            hasGroups = true;
            weight += copyGroups(line, false);
          }
          case LOCATION -> {
            counts.remoteReferences++;
            location = copyLocation(line);
          }
          default -> in.copy(line, false);
        }
      } while (!in.endOfObject());
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
    if (in.peekNonWs() != '"') {
      in.copy(line, false);
      return null;
    }
    in.skipPeeked();
    in.readString();
    line.write((byte) '"');
    line.write(capture.buffer(), 0, capture.length());
    line.write((byte) '"');
    return in.decodeCaptured();
  }

  /**
   * Reads an id (number or string) and writes its canonical form as a string. Returns true with
   * {@link #numericId} set for a plain integer of at most 18 digits (no String made), else false
   * with {@link #textId} set to the canonical form.
   */
  private boolean copyId(RecordSink line) throws IOException {
    int c = in.peekNonWs();
    String text;
    if (c == '"') {
      in.skipPeeked();
      in.readString();
      text = in.decodeCaptured();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      in.readNumber();
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
      throw in.unsupported("an id that is neither a number nor a string");
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

  /** Reads {@code "name":}; the name stays in {@link #capture} for {@link #writeName}. */
  private TicField readField() throws IOException {
    in.readName();
    return TicField.of(capture.buffer(), capture.length());
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

}
