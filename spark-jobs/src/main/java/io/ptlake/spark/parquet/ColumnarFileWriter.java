package io.ptlake.spark.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * A Parquet file written column by column from runs: the caller appends the same number of rows
 * to every leaf column ({@link #columns()}), then says so ({@link #rowsAdded}); pages are cut
 * when they reach the page size or row limit, row groups when their compressed pages reach the
 * row-group size. Pages go through parquet-mr's page-writer store and file writer, which
 * compress them, add CRCs, build the column and offset indexes from the page statistics and
 * write the footer: no footer or page header is serialised here.
 *
 * <p>Memory is the row group's compressed pages, its dictionaries and one page of runs per column,
 * whatever the size of the file.
 */
public final class ColumnarFileWriter implements Closeable {
  /** Rows between two checks of the page sizes: runs grow slowly, a check costs a column scan. */
  private static final int SIZE_CHECK_ROWS = 512;

  private final ParquetSettings settings;
  private final MessageType schema;
  private final List<LeafColumn> columns = new ArrayList<>();
  private final List<ColumnDescriptor> descriptors;
  private final CodecFactory codecs;
  private final CodecFactory.BytesCompressor compressor;
  private final ParquetFileWriter file;
  private final Map<String, String> footer;
  private final AbortableOutput output;
  private final ByteSink page = new ByteSink(64 << 10);
  private final ByteSink levels = new ByteSink(4 << 10);
  private final RleHybridEncoder encoder = new RleHybridEncoder();
  private ColumnChunkPageWriteStore pages;
  private Runnable beforePageEnd = () -> { };
  private int rowsInPage;
  private int nextSizeCheck = SIZE_CHECK_ROWS;
  private long rowsInGroup;
  private long rows;
  private boolean closed;

  /**
   * Starts {@code output}: every leaf of {@code schema} gets a column for its type (optional
   * BINARY and FIXED_LEN_BYTE_ARRAY, INT32, INT64, and arrays of optional strings);
   * {@code footer} becomes the file's key-value metadata.
   */
  public ColumnarFileWriter(OutputFile output, MessageType schema, ParquetSettings settings,
      Configuration conf, Map<String, String> footer) throws IOException {
    this.settings = settings;
    this.schema = schema;
    this.footer = Map.copyOf(footer);
    this.descriptors = schema.getColumns();
    for (ColumnDescriptor descriptor : descriptors) {
      columns.add(column(descriptor, settings.dictionaryBytes()));
    }
    codecs = new CodecFactory(conf, settings.pageBytes());
    compressor = codecs.getCompressor(settings.codec());
    this.output = new AbortableOutput(output);
    file = new ParquetFileWriter(this.output, schema, ParquetFileWriter.Mode.OVERWRITE,
        settings.rowGroupBytes(), 0, settings.columnIndexTruncateLength(), Integer.MAX_VALUE,
        settings.pageChecksums());
    file.start();
    pages = newPageStore();
  }

  /** The leaf columns in schema order, to append rows to. */
  public List<LeafColumn> columns() {
    return columns;
  }

  /** The column of the leaf named {@code path} (e.g. {@code service_code.list.element}). */
  public LeafColumn column(String... path) {
    for (int i = 0; i < descriptors.size(); i++) {
      if (java.util.Arrays.equals(descriptors.get(i).getPath(), path)) {
        return columns.get(i);
      }
    }
    throw new IllegalArgumentException("No column " + String.join(".", path) + " in " + schema);
  }

  /**
   * Runs {@code flush} before every page is cut: a caller that appends a column once per run of
   * equal values, not once per span of rows, appends the runs it holds open there, so that every
   * column has the page's rows.
   */
  public void beforePageEnd(Runnable flush) {
    beforePageEnd = flush;
  }

  /** Rows the current page takes before it is cut: no span of rows appended may be longer. */
  public int rowsLeftInPage() {
    return settings.pageRows() - rowsInPage;
  }

  /**
   * The caller appended {@code count} rows to every column, or holds them open until
   * {@link #beforePageEnd}.
   */
  public void rowsAdded(int count) throws IOException {
    rowsInPage += count;
    rowsInGroup += count;
    rows += count;
    if (rowsInPage >= settings.pageRows()) {
      endPage();
    } else if (rowsInPage >= nextSizeCheck) {
      nextSizeCheck = rowsInPage + SIZE_CHECK_ROWS;
      for (LeafColumn column : columns) {
        if (column.pageBytes() >= settings.pageBytes()) {
          endPage();
          return;
        }
      }
    }
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  /** Ends the last row group and writes the footer. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (rowsInPage > 0) {
        endPage();
      }
      if (rowsInGroup > 0) {
        endRowGroup();
      }
      file.end(footer);
    } finally {
      codecs.release();
    }
  }

  /**
   * Gives the file up after a failure: its stream is closed without the footer, so no reader
   * takes what was written for a Parquet file (and nothing more is written to it).
   */
  public void abort() {
    if (closed) {
      return;
    }
    closed = true;
    codecs.release();
    output.abort();
  }

  /** The file's length once closed. */
  public long length() throws IOException {
    return file.getPos();
  }

  private void endPage() throws IOException {
    beforePageEnd.run();
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).writePage(pageWriter(i), rowsInPage, page, levels, encoder);
    }
    rowsInPage = 0;
    nextSizeCheck = SIZE_CHECK_ROWS;
    long buffered = 0;
    for (int i = 0; i < columns.size(); i++) {
      buffered += pageWriter(i).getMemSize() + columns.get(i).dictionaryBytes();
    }
    if (buffered >= settings.rowGroupBytes()) {
      endRowGroup();
    }
  }

  private void endRowGroup() throws IOException {
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).finishChunk(pageWriter(i), page);
    }
    file.startBlock(rowsInGroup);
    pages.flushToFileWriter(file);
    file.endBlock();
    rowsInGroup = 0;
    pages = newPageStore();
  }

  private PageWriter pageWriter(int column) {
    return pages.getPageWriter(descriptors.get(column));
  }

  private ColumnChunkPageWriteStore newPageStore() {
    return new ColumnChunkPageWriteStore(compressor, schema, new HeapByteBufferAllocator(),
        settings.columnIndexTruncateLength(), settings.pageChecksums());
  }

  /** The output file, remembering the stream parquet-mr opens on it, to close it on abort. */
  private static final class AbortableOutput implements OutputFile {
    private final OutputFile file;
    private PositionOutputStream stream;

    AbortableOutput(OutputFile file) {
      this.file = file;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      stream = file.create(blockSizeHint);
      return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      stream = file.createOrOverwrite(blockSizeHint);
      return stream;
    }

    @Override
    public boolean supportsBlockSize() {
      return file.supportsBlockSize();
    }

    @Override
    public long defaultBlockSize() {
      return file.defaultBlockSize();
    }

    void abort() {
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException e) {
          // The write failed already; the caller reports that failure, not this one.
        }
      }
    }
  }

  private static LeafColumn column(ColumnDescriptor descriptor, long dictionaryBytes) {
    PrimitiveTypeName type = descriptor.getPrimitiveType().getPrimitiveTypeName();
    if (descriptor.getMaxRepetitionLevel() > 0) {
      if (type != PrimitiveTypeName.BINARY) {
        throw new IllegalArgumentException("Cannot write repeated " + descriptor);
      }
      return new StringListColumn(descriptor, dictionaryBytes);
    }
    return switch (type) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> new BinaryColumn(descriptor, dictionaryBytes);
      case INT32, INT64 -> new LongColumn(descriptor, dictionaryBytes);
      default -> throw new IllegalArgumentException("Cannot write " + descriptor);
    };
  }
}
