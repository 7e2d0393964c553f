package io.ptlake.spark.parquet;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One leaf column of a row group, buffered as runs for the current page and encoded when the
 * page is cut: levels as RLE runs, values as dictionary ids (RLE runs) or, once the chunk's
 * dictionary outgrows its limit, PLAIN. Statistics are computed per page from the runs, so a
 * value repeated over a thousand rows is compared once, not a thousand times.
 *
 * <p>Pages are data pages v1 with PLAIN_DICTIONARY values, as parquet-mr writes them for Spark
 * (its default writer version). A page without any value is labelled PLAIN while the chunk has no
 * dictionary: a dictionary-encoded page in a chunk without dictionary page fails Spark's reader.
 */
public abstract class LeafColumn {
  /** The column's place in the file schema. */
  final ColumnDescriptor descriptor;
  private final PrimitiveType type;
  private final int maxRepetition;
  private final int maxDefinition;
  private final long maxDictionaryBytes;
  private final ValueStore dictionary;
  private final ValueStore pageValues;

  final RunBuffer repetition = new RunBuffer();
  final RunBuffer definition = new RunBuffer();
  /** Ids in {@link #store()} of the page's non-null values. */
  final RunBuffer values = new RunBuffer();
  /** PLAIN bytes appended to the page since its start: what a page holds beyond its runs. */
  long plainPageBytes;

  /** Values are page-local ({@link #pageValues}): the dictionary was too big. */
  private boolean plain;
  private boolean fallBackAtPageEnd;
  private boolean dictionaryUsed;
  /** For {@link #minMax}: the page number in which each id was last compared. */
  private int[] seen = new int[64];
  private int pages;

  LeafColumn(ColumnDescriptor descriptor, long maxDictionaryBytes, ValueStore dictionary,
      ValueStore pageValues) {
    this.descriptor = descriptor;
    this.type = descriptor.getPrimitiveType();
    this.maxRepetition = descriptor.getMaxRepetitionLevel();
    this.maxDefinition = descriptor.getMaxDefinitionLevel();
    this.maxDictionaryBytes = maxDictionaryBytes;
    this.dictionary = dictionary;
    this.pageValues = pageValues;
  }

  /** Where ids of new values go: the chunk's dictionary, or the page's plain values. */
  final ValueStore store() {
    return plain ? pageValues : dictionary;
  }

  /** Whether {@link #store()} is the dictionary, whose ids stay valid to the end of the chunk. */
  final boolean dictionaryEncoding() {
    return !plain;
  }

  /**
   * Called after a value was added to the dictionary: past its limit, the page ends PLAIN and the
   * chunk's next pages too, as parquet-mr's fallback writer does.
   */
  final void dictionaryGrew() {
    if (dictionary.plainBytes() > maxDictionaryBytes) {
      fallBackAtPageEnd = true;
    }
  }

  final int maxDefinition() {
    return maxDefinition;
  }

  /** Rough bytes the current page will take: what the page cut compares with the page size. */
  final long pageBytes() {
    return plainPageBytes + 4L * (values.size() + definition.size() + repetition.size());
  }

  /** Ids handed out so far are no longer valid (a plain page ended, or the chunk did). */
  abstract void forgetIds();

  /** Encodes and hands the page of {@code rows} rows to {@code writer}, then starts a new one. */
  final void writePage(PageWriter writer, int rows, ByteSink page, ByteSink levels,
      RleHybridEncoder encoder) throws IOException {
    page.reset();
    if (maxRepetition > 0) {
      writeLevels(repetition, maxRepetition, page, levels, encoder);
    }
    if (maxDefinition > 0) {
      writeLevels(definition, maxDefinition, page, levels, encoder);
    }
    Statistics<?> stats = Statistics.createStats(type);
    long nulls = 0;
    for (int run = 0; run < definition.size(); run++) {
      if (definition.value(run) < maxDefinition) {
        nulls += definition.count(run);
      }
    }
    stats.incrementNumNulls(nulls);
    ValueStore store = store();
    if (values.size() > 0) {
      int[] minMax = minMax(store);
      store.updateStatistics(stats, minMax[0], minMax[1]);
    }
    Encoding encoding;
    if (plain || fallBackAtPageEnd || (values.size() == 0 && dictionary.size() == 0)) {
      encoding = Encoding.PLAIN;
      for (int run = 0; run < values.size(); run++) {
        int id = values.value(run);
        for (int i = values.count(run); i > 0; i--) {
          store.writePlain(id, page);
        }
      }
    } else {
      encoding = Encoding.PLAIN_DICTIONARY;
      int bitWidth = RleHybridEncoder.bitWidth(Math.max(0, dictionary.size() - 1));
      page.write(bitWidth);
      values.encode(encoder, bitWidth, page);
      dictionaryUsed = true;
    }
    long entries = maxDefinition > 0 ? definition.total() : values.total();
    writer.writePage(page.toBytesInput(), Math.toIntExact(entries), rows, stats,
        levelEncoding(maxRepetition), levelEncoding(maxDefinition), encoding);
    repetition.clear();
    definition.clear();
    values.clear();
    plainPageBytes = 0;
    if (plain) {
      pageValues.clear();
      forgetIds();
    } else if (fallBackAtPageEnd) {
      plain = true;
      fallBackAtPageEnd = false;
      forgetIds();
    }
  }

  /**
   * Ids of the page's least and greatest values. A dictionary id seen earlier in the page is not
   * compared again: a page's runs alternate between few values (a price's type, a group's TIN).
   */
  private int[] minMax(ValueStore store) {
    int pageNumber = ++pages;
    if (seen.length < store.size()) {
      seen = java.util.Arrays.copyOf(seen, Math.max(store.size(), seen.length * 2));
    }
    int min = values.value(0);
    int max = min;
    for (int run = 1; run < values.size(); run++) {
      int id = values.value(run);
      if (seen[id] == pageNumber) {
        continue;
      }
      seen[id] = pageNumber;
      if (store.compare(id, min) < 0) {
        min = id;
      } else if (store.compare(id, max) > 0) {
        max = id;
      }
    }
    return new int[] {min, max};
  }

  /** Ends the column chunk: its dictionary page, if a page used it; a new chunk starts empty. */
  final void finishChunk(PageWriter writer, ByteSink page) throws IOException {
    if (dictionaryUsed) {
      page.reset();
      for (int id = 0; id < dictionary.size(); id++) {
        dictionary.writePlain(id, page);
      }
      writer.writeDictionaryPage(
          new DictionaryPage(page.toBytesInput(), dictionary.size(), Encoding.PLAIN_DICTIONARY));
    }
    dictionary.clear();
    pageValues.clear();
    plain = false;
    fallBackAtPageEnd = false;
    dictionaryUsed = false;
    forgetIds();
  }

  /** Bytes the chunk's dictionary holds: part of the row group's memory. */
  final long dictionaryBytes() {
    return dictionary.plainBytes();
  }

  private static void writeLevels(RunBuffer levels, int max, ByteSink page, ByteSink scratch,
      RleHybridEncoder encoder) {
    scratch.reset();
    levels.encode(encoder, RleHybridEncoder.bitWidth(max), scratch);
    page.writeIntLittleEndian(scratch.size());
    page.write(scratch);
  }

  /** parquet-mr labels absent levels (max level 0) BIT_PACKED and present ones RLE. */
  private static Encoding levelEncoding(int maxLevel) {
    return maxLevel == 0 ? Encoding.BIT_PACKED : Encoding.RLE;
  }
}
