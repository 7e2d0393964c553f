package io.ptlake.preprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The copy of one in-network record over the tokens of a {@link JsonByteScanner}: a negotiated
 * rate or a provider_references entry, with its provider groups, npi arrays and ids, into a
 * {@link RecordSink}, counting what the manifest counts and telling the {@link
 * ExpectedRowCounter} what the record means for {@code expected_rows}. {@link FastTicSplitter}
 * walks the file around the records; each parallel scanner of {@link ParallelScan} has a copier
 * of its own, with its own counts and counter, added up at the end.
 */
final class TicRecordCopier {
  private static final byte[] ITEM_START = JsonByteScanner.ascii("{\"item\":");

  final JsonByteScanner in;
  final ExpectedRowCounter rows;
  final SplitCounts counts;
  private final RecordSink capture;

  /** What {@link #copyId} read last. */
  private long numericId;
  private String textId;

  /** Whether the record being copied has a value of the wrong JSON type (see {@link Manifest}). */
  private boolean typeProblem;

  /** What {@link #copyReference} read: the entry's id ({@link #idIsNumeric} or text), location. */
  private boolean hasId;
  private boolean idIsNumeric;
  private long idValue;
  private String idText;
  private String location;
  private boolean hasGroups;
  private long weight;

  TicRecordCopier(JsonByteScanner in, ExpectedRowCounter rows, SplitCounts counts) {
    this.in = in;
    this.rows = rows;
    this.counts = counts;
    this.capture = in.capture;
  }

  /** {@code {"item":N}, how every record of item N starts. */
  static byte[] itemStart(long item) {
    return (new String(ITEM_START, StandardCharsets.US_ASCII) + item)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Copies the negotiated rate at the cursor (an object, already peeked) into {@code line},
   * after {@code itemStart} ({@code {"item":N}); the line is left without its closing newline.
   */
  void copyRate(RecordSink line, byte[] itemStart) throws IOException {
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
        in.peekNonWs();
        long id = in.copyPlainId(line);
        if (id >= 0) {
          rows.referenceId(id);
        } else if (copyId(line)) {
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
    long groupsWeight = 0;
    if (in.startArray()) {
      boolean first = true;
      do {
        if (!first) {
          line.write((byte) ',');
        }
        first = false;
        groupsWeight += Math.max(1, copyGroup(line));
        if (inline) {
          counts.inlineGroups++;
        }
      } while (!in.endOfArray());
    }
    line.write((byte) ']');
    return groupsWeight;
  }

  private long copyGroup(RecordSink line) throws IOException {
    if (!startCopying(line, '{')) {
      return 0;
    }
    long npis = 0;
    if (in.startObject()) {
      boolean first = true;
      do {
        TicField field = copyName(line, first);
        first = false;
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
      counts.typeProblemRecords++;
    }
    if (!complete) {
      counts.missingFieldRecords++;
    }
  }

  /**
   * Copies the provider_references entry at the cursor (an object, already peeked) into {@code
   * line}. What it held is then read with {@link #referenceId}, {@link #location}, {@link
   * #hasGroups}, and the entry is counted once the caller knows whether it is held back ({@link
   * #defineReference}).
   */
  void copyReference(RecordSink line) throws IOException {
    line.write((byte) '{');
    typeProblem = false;
    hasId = false;
    idIsNumeric = false;
    idValue = 0;
    idText = null;
    location = null;
    hasGroups = false;
    weight = 0;
    if (in.startObject()) {
      boolean first = true;
      do {
        TicField field = copyName(line, first);
        first = false;
        switch (field) {
          case PROVIDER_GROUP_ID -> {
            hasId = true;
            idIsNumeric = copyId(line);
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
  }

  /** The canonical id of the entry {@link #copyReference} copied, null when it has none. */
  String referenceId() {
    return !hasId ? null : idIsNumeric ? Long.toString(idValue) : idText;
  }

  /** The entry's location when it is a string (a URL to fetch), else null. */
  String location() {
    return location;
  }

  boolean hasGroups() {
    return hasGroups;
  }

  /**
   * Counts the entry {@link #copyReference} copied and, unless it is {@code held} back as a
   * remote entry (its id is then defined once it is fetched), defines its id.
   */
  void defineReference(boolean held) {
    if (hasId && !held) {
      if (idIsNumeric) {
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

  /** Reads {@code "name":}; the name stays in the scanner's capture for {@link #writeName}. */
  TicField readField() throws IOException {
    in.readName();
    return TicField.of(capture.buffer(), capture.length());
  }

  /** Reads the next field's name and writes it, after a comma unless it is the {@code first}. */
  private TicField copyName(RecordSink line, boolean first) throws IOException {
    TicField field = readField();
    if (!first) {
      line.write((byte) ',');
    }
    writeName(line);
    return field;
  }

  /** {@code ,"name":} for a record whose first field is the synthetic {@code item}. */
  void writeField(RecordSink line) throws IOException {
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
