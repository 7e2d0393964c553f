package io.ptlake.spark.parquet;

import java.io.Serializable;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The sizes and codec a columnar file is written with, read once on the driver from the same
 * settings Spark's Parquet writer obeys ({@code parquet.*} in the Hadoop configuration, the codec
 * from {@code spark.sql.parquet.compression.codec}), with parquet-mr's own defaults: a user who
 * tuned Spark's files gets the same from ptlake's writer.
 *
 * @param rowGroupBytes compressed bytes a row group buffers before it is written
 *     ({@code parquet.block.size})
 * @param pageBytes bytes a page aims at ({@code parquet.page.size})
 * @param pageRows rows a page holds at most ({@code parquet.page.row.count.limit})
 * @param dictionaryBytes PLAIN bytes a column chunk's dictionary may hold before the chunk falls
 *     back to PLAIN ({@code parquet.dictionary.page.size})
 * @param codec the page compression
 * @param pageChecksums whether pages carry a CRC ({@code parquet.page.write-checksum.enabled})
 * @param columnIndexTruncateLength bytes of binary min/max kept in the column index
 */
public record ParquetSettings(long rowGroupBytes, int pageBytes, int pageRows,
    int dictionaryBytes, CompressionCodecName codec, boolean pageChecksums,
    int columnIndexTruncateLength) implements Serializable {
  public ParquetSettings {
    if (rowGroupBytes < 1 || pageBytes < 1 || pageRows < 1 || dictionaryBytes < 0) {
      throw new IllegalArgumentException("Cannot write Parquet with row groups of " + rowGroupBytes
          + " bytes, pages of " + pageBytes + " bytes and " + pageRows
          + " rows, dictionaries of " + dictionaryBytes + " bytes");
    }
  }

  /** {@code hadoopConf}'s Parquet settings; {@code sparkCodec} is Spark's codec name. */
  public static ParquetSettings of(Configuration hadoopConf, String sparkCodec) {
    return new ParquetSettings(
        hadoopConf.getLong(ParquetOutputFormat.BLOCK_SIZE, ParquetWriter.DEFAULT_BLOCK_SIZE),
        hadoopConf.getInt(ParquetOutputFormat.PAGE_SIZE, ParquetProperties.DEFAULT_PAGE_SIZE),
        hadoopConf.getInt(ParquetOutputFormat.PAGE_ROW_COUNT_LIMIT,
            ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT),
        hadoopConf.getInt(ParquetOutputFormat.DICTIONARY_PAGE_SIZE,
            ParquetProperties.DEFAULT_DICTIONARY_PAGE_SIZE),
        codec(sparkCodec),
        hadoopConf.getBoolean(ParquetOutputFormat.PAGE_WRITE_CHECKSUM_ENABLED,
            ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED),
        hadoopConf.getInt(ParquetOutputFormat.COLUMN_INDEX_TRUNCATE_LENGTH,
            ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH));
  }

  /** The same settings with smaller row groups and pages: tests that need several of each. */
  public ParquetSettings withSizes(long newRowGroupBytes, int newPageBytes, int newPageRows) {
    return new ParquetSettings(newRowGroupBytes, newPageBytes, newPageRows, dictionaryBytes, codec,
        pageChecksums, columnIndexTruncateLength);
  }

  /** The file name suffix Spark gives this codec: {@code .snappy.parquet}, {@code .parquet}. */
  public String fileSuffix() {
    return codec.getExtension() + ".parquet";
  }

  /** Spark's names: none and uncompressed are both no compression. */
  private static CompressionCodecName codec(String sparkCodec) {
    String name = sparkCodec.toUpperCase(Locale.ROOT);
    return name.equals("NONE") ? CompressionCodecName.UNCOMPRESSED
        : CompressionCodecName.valueOf(name);
  }
}
