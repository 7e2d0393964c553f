package io.ptlake.spark.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveComparator;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Checks a Parquet file's statistics against its values, read back with parquet-mr's column
 * readers: per column chunk (footer) and per page (column index), min and max by the type's own
 * order and the null count, as a reader that prunes by them relies on.
 */
public final class ParquetStatisticsCheck {
  private static final int TRUNCATED = 64;

  private ParquetStatisticsCheck() {}

  /** Row groups of the files under a location: in all, holding {@code code}, kept by a filter. */
  public record RowGroups(int total, int holding, int read) {}

  /** Asserts every chunk's and page's statistics; returns the number of pages checked. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int assertStatisticsMatchValues(Path file) throws IOException {
    int pages = 0;
    try (ParquetFileReader reader = open(file, ParquetReadOptions.builder().build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        PageReadStore rowGroup = reader.readNextRowGroup();
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(rowGroup,
            new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
        for (int c = 0; c < schema.getColumns().size(); c++) {
          ColumnDescriptor column = schema.getColumns().get(c);
          ColumnChunkMetaData chunk = block.getColumns().get(c);
          OffsetIndex offsets = reader.readOffsetIndex(chunk);
          ColumnIndex index = reader.readColumnIndex(chunk);
          PrimitiveComparator comparator = column.getPrimitiveType().comparator();
          int pageCount = offsets.getPageCount();
          Comparable[] min = new Comparable[pageCount];
          Comparable[] max = new Comparable[pageCount];
          long[] nulls = new long[pageCount];
          ColumnReader values = store.getColumnReader(column);
          long row = -1;
          int page = 0;
          for (long i = 0; i < values.getTotalValueCount(); i++) {
            if (values.getCurrentRepetitionLevel() == 0) {
              row++;
              while (page + 1 < pageCount && offsets.getFirstRowIndex(page + 1) <= row) {
                page++;
              }
            }
            if (values.getCurrentDefinitionLevel() < column.getMaxDefinitionLevel()) {
              nulls[page]++;
            } else {
              Comparable value = value(values, column.getPrimitiveType());
              if (min[page] == null || comparator.compare(value, min[page]) < 0) {
                min[page] = value;
              }
              if (max[page] == null || comparator.compare(value, max[page]) > 0) {
                max[page] = value;
              }
            }
            values.consume();
          }
          String where = file.getFileName() + " row group " + block.getOrdinal() + " column "
              + column;
          assertThat(row + 1).as(where + " rows").isEqualTo(block.getRowCount());
          assertChunk(chunk.getStatistics(), min, max, nulls, comparator, where);
          for (int p = 0; p < pageCount; p++) {
            assertThat(index.getNullCounts().get(p)).as(where + " page " + p + " nulls")
                .isEqualTo(nulls[p]);
            assertThat(index.getNullPages().get(p)).as(where + " page " + p + " null page")
                .isEqualTo(min[p] == null);
            if (min[p] != null) {
              PrimitiveType type = column.getPrimitiveType();
              assertBound(decode(index.getMinValues().get(p), type), min[p], comparator, -1,
                  where + " page " + p + " min");
              assertBound(decode(index.getMaxValues().get(p), type), max[p], comparator, 1,
                  where + " page " + p + " max");
            }
          }
          pages += pageCount;
        }
      }
    }
    return pages;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void assertChunk(Statistics<?> stats, Comparable[] min, Comparable[] max,
      long[] nulls, PrimitiveComparator comparator, String where) {
    Comparable chunkMin = null;
    Comparable chunkMax = null;
    long chunkNulls = 0;
    for (int p = 0; p < min.length; p++) {
      chunkNulls += nulls[p];
      if (min[p] != null && (chunkMin == null || comparator.compare(min[p], chunkMin) < 0)) {
        chunkMin = min[p];
      }
      if (max[p] != null && (chunkMax == null || comparator.compare(max[p], chunkMax) > 0)) {
        chunkMax = max[p];
      }
    }
    assertThat(stats.getNumNulls()).as(where + " nulls").isEqualTo(chunkNulls);
    assertThat(stats.hasNonNullValue()).as(where + " has values").isEqualTo(chunkMin != null);
    if (chunkMin != null) {
      assertThat(comparator.compare(stats.genericGetMin(), chunkMin)).as(where + " min: "
          + stats + " against " + chunkMin).isZero();
      assertThat(comparator.compare(stats.genericGetMax(), chunkMax)).as(where + " max: "
          + stats + " against " + chunkMax).isZero();
    }
  }

  /**
   * A column index bound: equal to the page's value, or for a binary value longer than the
   * index keeps, a truncation that still bounds it ({@code side} -1 for min, 1 for max).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void assertBound(Comparable bound, Comparable value,
      PrimitiveComparator comparator, int side, String where) {
    int order = comparator.compare(bound, value);
    if (value instanceof Binary binary && binary.length() > TRUNCATED) {
      assertThat(order * side).as(where).isGreaterThanOrEqualTo(0);
    } else {
      assertThat(order).as(where + ": " + bound + " against " + value).isZero();
    }
  }

  private static Comparable<?> value(ColumnReader reader, PrimitiveType type) {
    return switch (type.getPrimitiveTypeName()) {
      case INT32 -> reader.getInteger();
      case INT64 -> reader.getLong();
      case BINARY, FIXED_LEN_BYTE_ARRAY -> reader.getBinary().copy();
      default -> throw new IllegalArgumentException("Cannot check " + type);
    };
  }

  private static Comparable<?> decode(ByteBuffer bytes, PrimitiveType type) {
    ByteBuffer little = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    return switch (type.getPrimitiveTypeName()) {
      case INT32 -> little.getInt(0);
      case INT64 -> little.getLong(0);
      default -> Binary.fromConstantByteBuffer(bytes.duplicate());
    };
  }

  /** Row groups under {@code location} in all, holding rows of {@code code}, and kept by a filter. */
  public static RowGroups rowGroups(Path location, String code) throws IOException {
    int total = 0;
    int holding = 0;
    int read = 0;
    FilterCompat.Filter filter = FilterCompat.get(FilterApi.eq(
        FilterApi.binaryColumn("billing_code"), Binary.fromString(code)));
    for (Path file : parquetFiles(location)) {
      try (ParquetFileReader all = open(file, ParquetReadOptions.builder().build())) {
        MessageType schema = all.getFooter().getFileMetaData().getSchema();
        ColumnDescriptor column = schema.getColumnDescription(new String[] {"billing_code"});
        for (PageReadStore rowGroup = all.readNextRowGroup(); rowGroup != null;
            rowGroup = all.readNextRowGroup()) {
          total++;
          ColumnReader values = new ColumnReadStoreImpl(rowGroup,
              new GroupRecordConverter(schema).getRootConverter(), schema,
              all.getFooter().getFileMetaData().getCreatedBy()).getColumnReader(column);
          boolean found = false;
          for (long i = 0; i < values.getTotalValueCount(); i++) {
            found |= values.getCurrentDefinitionLevel() == column.getMaxDefinitionLevel()
                && values.getBinary().toStringUsingUTF8().equals(code);
            values.consume();
          }
          holding += found ? 1 : 0;
        }
      }
      try (ParquetFileReader filtered = open(file, ParquetReadOptions.builder()
          .withRecordFilter(filter).useStatsFilter(true).useDictionaryFilter(true).build())) {
        read += filtered.getRowGroups().size();
      }
    }
    return new RowGroups(total, holding, read);
  }

  /** The file's key-value metadata. */
  public static Map<String, String> footer(Path file) throws IOException {
    try (ParquetFileReader reader = open(file, ParquetReadOptions.builder().build())) {
      return reader.getFooter().getFileMetaData().getKeyValueMetaData();
    }
  }

  private static ParquetFileReader open(Path file, ParquetReadOptions options)
      throws IOException {
    return ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()), options);
  }

  private static List<Path> parquetFiles(Path location) throws IOException {
    try (Stream<Path> walk = Files.walk(location)) {
      return walk.filter(file -> file.getFileName().toString().endsWith(".parquet")).toList();
    }
  }
}
