package io.ptlake.preprocess;

import java.io.Closeable;
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
 * token. Field names are told apart through {@link TicField}, the table both splitters share; the
 * records themselves are copied by a {@link TicRecordCopier}.
 *
 * <p>It writes exactly the bytes Jackson's generator writes for the reference splitter: whitespace
 * outside strings is dropped, and only what the generator would render differently is rewritten.
 * With scanner threads, the negotiated rates are scanned by a {@link ParallelScan} and this
 * thread walks the rest: the output is the same.
 *
 * <p>It never explains a bad file: at the first thing it does not accept (malformed JSON, a wrong
 * structure, a limit reached, bytes whose rendering it does not reproduce such as overlong UTF-8)
 * it throws {@link FastPathUnsupported}, and the caller runs the reference splitter over the file
 * again, which either produces the same output or reports the error with its offset, line, column
 * and path. Valid files take the fast path only; a malformed one costs a second read up to its
 * error.
 */
final class FastTicSplitter implements SplitResult, Closeable {

  private static final byte[] RATES_COUNT = JsonByteScanner.ascii(",\"negotiated_rates_count\":");

  private final JsonByteScanner in;
  private final TicRecordCopier copier;
  private final ChunkWriter rates;
  private final ChunkWriter items;
  private final ReferenceStage references;
  private final ExpectedRowCounter rows = new ExpectedRowCounter();
  private final SplitCounts counts = new SplitCounts();
  private final Map<String, String> header = new LinkedHashMap<>();
  /** The scanner threads of the rates; null to copy them on this thread. */
  private final ParallelScan parallel;

  /** {@code {"item":N} for the item being split. */
  private byte[] itemStart;

  /**
   * @param scan the threads that scan the negotiated rates while this one walks the rest; none
   *     scans everything on this thread
   */
  FastTicSplitter(BlockPipeline source, Map<ChunkKind, ChunkWriter> writers, LongConsumer progress,
      ParallelScan.Sizes scan) {
    this.in = new JsonByteScanner(source, progress);
    this.copier = new TicRecordCopier(in, rows, counts);
    this.rates = writers.get(ChunkKind.RATES);
    this.items = writers.get(ChunkKind.ITEMS);
    this.references = new ReferenceStage(writers.get(ChunkKind.PROVIDER_REFERENCES));
    this.parallel = scan.threads() > 0 ? new ParallelScan(in, rates, scan) : null;
  }

  void split() throws IOException {
    try {
      walk();
      if (parallel != null) {
        parallel.finish(counts, rows);
      }
    } catch (IOException | RuntimeException e) {
      if (parallel != null) {
        parallel.throwEarlierFailure();
      }
      throw e;
    }
  }

  private void walk() throws IOException {
    in.skipByteOrderMark();
    if (in.nextNonWs() != '{') {
      throw in.unsupported("the top-level value is not an object");
    }
    int c = in.peekNonWs();
    if (c == '}') {
      in.skipPeeked();
    } else {
      for (;;) {
        switch (copier.readField()) {
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

  /** Stops the scanner threads, if any. */
  @Override
  public void close() throws IOException {
    if (parallel != null) {
      parallel.close();
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
    return counts.toMap(
        rows.undefinedReferenceIds(), counts.typeProblemRecords, counts.missingFieldRecords);
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
        putHeader(name, new String(
            in.capture.buffer(), 0, in.capture.length(), StandardCharsets.US_ASCII));
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
    itemStart = TicRecordCopier.itemStart(item);
    RecordSink line = items.startRawRecord();
    line.writeAscii(itemStart);
    long itemRates = 0;
    boolean hasBillingCode = false;
    if (in.startObject()) {
      do {
        TicField field = copier.readField();
        if (field == TicField.NEGOTIATED_RATES) {
          itemRates += splitRates(item);
        } else {
          hasBillingCode |= field == TicField.BILLING_CODE;
          copier.writeField(line);
          in.copy(line, false);
        }
      } while (!in.endOfObject());
    }
    line.writeAscii(RATES_COUNT);
    line.writeLong(itemRates);
    line.write((byte) '}');
    items.endRawRecord();
    if (!hasBillingCode) {
      counts.missingFieldRecords++;
    }
  }

  private long splitRates(long item) throws IOException {
    if (in.peekNonWs() != '[') {
      throw in.unsupported("negotiated_rates is not an array");
    }
    long count = 0;
    if (in.startArray()) {
      do {
        in.expectObject();
        if (parallel == null || !parallel.addRate(item)) {
          copier.copyRate(rates.startRawRecord(), itemStart);
          rates.endRawRecord();
        }
        count++;
      } while (!in.endOfArray());
    }
    counts.rates += count;
    return count;
  }

  private void splitProviderReferences() throws IOException {
    if (in.startArray()) {
      do {
        in.expectObject();
        copier.copyReference(references.start());
        boolean held = references.end(copier.referenceId(), copier.location(), copier.hasGroups());
        copier.defineReference(held);
        counts.references++;
      } while (!in.endOfArray());
    }
  }
}
