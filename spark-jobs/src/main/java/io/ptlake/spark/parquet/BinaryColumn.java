package io.ptlake.spark.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * An optional BINARY (string) or FIXED_LEN_BYTE_ARRAY (decimal) column outside any list (no
 * repetition levels).
 *
 * <p>A caller appends the same value object for every span of rows it covers (a price's
 * negotiated_type for each of its provider groups, a file's header field for every span): the
 * object's identity then finds the id without touching its bytes. A new object is compared with
 * the last value's stored bytes once, then hashed only if it differs.
 */
public final class BinaryColumn extends LeafColumn {
  private final BinaryValues dictionary;
  private final BinaryValues pageValues;
  private Object lastObject;
  private int lastId = -1;

  BinaryColumn(ColumnDescriptor descriptor, long maxDictionaryBytes) {
    this(descriptor, maxDictionaryBytes, isFixed(descriptor), isSigned(descriptor));
  }

  private BinaryColumn(ColumnDescriptor descriptor, long maxDictionaryBytes, boolean fixed,
      boolean signed) {
    this(descriptor, maxDictionaryBytes, new BinaryValues(true, !fixed, signed),
        new BinaryValues(false, !fixed, signed));
  }

  private BinaryColumn(ColumnDescriptor descriptor, long maxDictionaryBytes,
      BinaryValues dictionary, BinaryValues pageValues) {
    super(descriptor, maxDictionaryBytes, dictionary, pageValues);
    this.dictionary = dictionary;
    this.pageValues = pageValues;
  }

  /** {@code rows} rows of {@code value}, null for null. */
  public void append(UTF8String value, int rows) {
    if (value == null) {
      appendNull(rows);
    } else {
      append(value, value.getBaseObject(), value.getBaseOffset(), value.numBytes(), rows);
    }
  }

  /** {@code rows} rows of the bytes of {@code value} (a decimal's fixed-length bytes). */
  public void append(byte[] value, int rows) {
    append(value, value, Platform.BYTE_ARRAY_OFFSET, value.length, rows);
  }

  public void appendNull(int rows) {
    definition.add(0, rows);
  }

  private void append(Object identity, Object base, long offset, int length, int rows) {
    int id = lastId;
    if (identity != lastObject || id < 0) {
      BinaryValues store = dictionaryEncoding() ? dictionary : pageValues;
      if (id < 0 || !store.equals(id, base, offset, length)) {
        int before = store.size();
        id = store.add(base, offset, length);
        if (store.size() > before && store == dictionary) {
          dictionaryGrew();
        }
      }
      lastObject = identity;
      lastId = id;
    }
    if (!dictionaryEncoding()) {
      plainPageBytes += (length + 4L) * rows;
    }
    definition.add(maxDefinition(), rows);
    values.add(id, rows);
  }

  @Override
  void forgetIds() {
    lastObject = null;
    lastId = -1;
  }

  private static boolean isFixed(ColumnDescriptor descriptor) {
    return descriptor.getPrimitiveType().getPrimitiveTypeName()
        == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
  }

  private static boolean isSigned(ColumnDescriptor descriptor) {
    return descriptor.getPrimitiveType().getLogicalTypeAnnotation()
        instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
  }
}
