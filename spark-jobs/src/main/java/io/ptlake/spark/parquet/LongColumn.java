package io.ptlake.spark.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * An optional INT64 column, or INT32 (dates) held as longs, outside any list. npi is the one
 * column whose value changes on almost every row: {@link #appendEach} takes a provider group's
 * list as it is, one dictionary lookup per value, and runs of one value still merge.
 */
public final class LongColumn extends LeafColumn {
  private final LongValues dictionary;
  private final LongValues pageValues;
  private final int plainWidth;
  private long lastValue;
  private int lastId = -1;

  LongColumn(ColumnDescriptor descriptor, long maxDictionaryBytes) {
    this(descriptor, maxDictionaryBytes, isInt32(descriptor));
  }

  private LongColumn(ColumnDescriptor descriptor, long maxDictionaryBytes, boolean int32) {
    this(descriptor, maxDictionaryBytes, new LongValues(true, int32), new LongValues(false, int32),
        int32 ? 4 : 8);
  }

  private LongColumn(ColumnDescriptor descriptor, long maxDictionaryBytes, LongValues dictionary,
      LongValues pageValues, int plainWidth) {
    super(descriptor, maxDictionaryBytes, dictionary, pageValues);
    this.dictionary = dictionary;
    this.pageValues = pageValues;
    this.plainWidth = plainWidth;
  }

  public void append(long value, int rows) {
    definition.add(maxDefinition(), rows);
    values.add(id(value), rows);
    if (!dictionaryEncoding()) {
      plainPageBytes += (long) plainWidth * rows;
    }
  }

  public void appendNull(int rows) {
    definition.add(0, rows);
  }

  /** One row per element {@code from} to {@code from + count} of {@code list}; nulls kept. */
  public void appendEach(ArrayData list, int from, int count) {
    int end = from + count;
    for (int i = from; i < end; i++) {
      if (list.isNullAt(i)) {
        definition.add(0, 1);
      } else {
        definition.add(maxDefinition(), 1);
        values.add(id(list.getLong(i)), 1);
      }
    }
    if (!dictionaryEncoding()) {
      plainPageBytes += (long) plainWidth * count;
    }
  }

  private int id(long value) {
    if (lastId >= 0 && value == lastValue) {
      return lastId;
    }
    LongValues store = dictionaryEncoding() ? dictionary : pageValues;
    int before = store.size();
    int id = store.add(value);
    if (store == dictionary && store.size() > before) {
      dictionaryGrew();
    }
    lastValue = value;
    lastId = id;
    return id;
  }

  @Override
  void forgetIds() {
    lastId = -1;
  }

  private static boolean isInt32(ColumnDescriptor descriptor) {
    return descriptor.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32;
  }
}
