package io.ptlake.spark.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The element column of an optional array of optional strings in Spark's three-level layout
 * ({@code optional group (LIST) { repeated group list { optional binary element } }}): definition
 * level 0 for a null array, 1 for an empty one, 2 for a null element and 3 for a value;
 * repetition level 0 starts a row, 1 continues its array.
 *
 * <p>An array repeated over many rows (a price's service codes over all the NPIs it applies to)
 * has its element ids looked up once; an array of at most one element then costs one run per
 * level stream whatever the row count, a longer one a few runs per row.
 */
public final class StringListColumn extends LeafColumn {
  private static final int NULL_ARRAY = 0;
  private static final int EMPTY_ARRAY = 1;
  private static final int NULL_ELEMENT = 2;
  private static final int VALUE = 3;

  private final BinaryValues dictionary;
  private final BinaryValues pageValues;
  private Object lastArray;
  /** Element ids of {@link #lastArray}, -1 for a null element. */
  private int[] ids = new int[8];
  private int length;
  private long plainBytesPerRow;

  StringListColumn(ColumnDescriptor descriptor, long maxDictionaryBytes) {
    this(descriptor, maxDictionaryBytes, new BinaryValues(true, true, false),
        new BinaryValues(false, true, false));
  }

  private StringListColumn(ColumnDescriptor descriptor, long maxDictionaryBytes,
      BinaryValues dictionary, BinaryValues pageValues) {
    super(descriptor, maxDictionaryBytes, dictionary, pageValues);
    if (descriptor.getMaxDefinitionLevel() != VALUE || descriptor.getMaxRepetitionLevel() != 1) {
      throw new IllegalArgumentException("Cannot write " + descriptor
          + " as an optional array of optional strings");
    }
    this.dictionary = dictionary;
    this.pageValues = pageValues;
  }

  /** {@code rows} rows of {@code array} (null for a null array). */
  public void append(ArrayData array, int rows) {
    if (array == null) {
      repetition.add(0, rows);
      definition.add(NULL_ARRAY, rows);
      return;
    }
    if (array != lastArray) {
      lookUp(array);
    }
    if (length == 0) {
      repetition.add(0, rows);
      definition.add(EMPTY_ARRAY, rows);
      return;
    }
    if (!dictionaryEncoding()) {
      plainPageBytes += plainBytesPerRow * rows;
    }
    if (length == 1) {
      repetition.add(0, rows);
      definition.add(ids[0] < 0 ? NULL_ELEMENT : VALUE, rows);
      if (ids[0] >= 0) {
        values.add(ids[0], rows);
      }
      return;
    }
    for (int row = 0; row < rows; row++) {
      repetition.add(0, 1);
      repetition.add(1, length - 1);
      for (int i = 0; i < length; i++) {
        int id = ids[i];
        if (id < 0) {
          definition.add(NULL_ELEMENT, 1);
        } else {
          definition.add(VALUE, 1);
          values.add(id, 1);
        }
      }
    }
  }

  private void lookUp(ArrayData array) {
    length = array.numElements();
    if (ids.length < length) {
      ids = new int[Math.max(length, ids.length * 2)];
    }
    BinaryValues store = dictionaryEncoding() ? dictionary : pageValues;
    plainBytesPerRow = 0;
    for (int i = 0; i < length; i++) {
      if (array.isNullAt(i)) {
        ids[i] = -1;
        continue;
      }
      UTF8String element = array.getUTF8String(i);
      int before = store.size();
      ids[i] = store.add(element.getBaseObject(), element.getBaseOffset(), element.numBytes());
      if (store == dictionary && store.size() > before) {
        dictionaryGrew();
      }
      plainBytesPerRow += 4 + element.numBytes();
    }
    lastArray = array;
  }

  @Override
  void forgetIds() {
    lastArray = null;
  }
}
