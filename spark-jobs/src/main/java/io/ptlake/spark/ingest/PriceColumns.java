package io.ptlake.spark.ingest;

import io.ptlake.spark.parquet.BinaryColumn;
import io.ptlake.spark.parquet.ColumnarFileWriter;
import io.ptlake.spark.parquet.LongColumn;
import io.ptlake.spark.parquet.StringListColumn;
import java.math.BigInteger;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A negotiated price's columns in a columnar file (in_network_rates and the normalized rates
 * share them): one price read from its record ({@link #read}), then appended over as many rows
 * as it applies to ({@link #append}).
 */
final class PriceColumns {
  /** Fields of a negotiated price, as ChunkSchemas.NEGOTIATED_PRICE orders them. */
  static final int FIELDS = 8;
  private static final int NEGOTIATED_TYPE = 0;
  private static final int NEGOTIATED_RATE = 1;
  private static final int EXPIRATION_DATE = 2;
  private static final int SERVICE_CODE = 3;
  private static final int BILLING_CLASS = 4;
  private static final int SETTING = 5;
  private static final int BILLING_CODE_MODIFIER = 6;
  private static final int ADDITIONAL_INFORMATION = 7;
  private static final int DECIMAL_BYTES = 16;

  private final BinaryColumn negotiatedType;
  private final BinaryColumn negotiatedRate;
  private final LongColumn expirationDate;
  private final StringListColumn serviceCode;
  private final BinaryColumn billingClass;
  private final BinaryColumn setting;
  private final StringListColumn billingCodeModifier;
  private final BinaryColumn additionalInformation;

  private UTF8String type;
  private byte[] rate;
  private boolean expires;
  private int expiration;
  private ArrayData services;
  private UTF8String billing;
  private UTF8String place;
  private ArrayData modifiers;
  private UTF8String information;

  PriceColumns(ColumnarFileWriter file) {
    negotiatedType = (BinaryColumn) file.column("negotiated_type");
    negotiatedRate = (BinaryColumn) file.column("negotiated_rate");
    expirationDate = (LongColumn) file.column("expiration_date");
    serviceCode = (StringListColumn) file.column("service_code", "list", "element");
    billingClass = (BinaryColumn) file.column("billing_class");
    setting = (BinaryColumn) file.column("setting");
    billingCodeModifier = (StringListColumn) file.column("billing_code_modifier", "list", "element");
    additionalInformation = (BinaryColumn) file.column("additional_information");
  }

  /** The columns this binds. */
  static int count() {
    return FIELDS;
  }

  /** Reads price {@code index} of {@code prices} (a null element: every column null). */
  void read(ArrayData prices, int index) {
    InternalRow price = prices.isNullAt(index) ? null : prices.getStruct(index, FIELDS);
    type = string(price, NEGOTIATED_TYPE);
    rate = price == null || price.isNullAt(NEGOTIATED_RATE)
        ? null : decimalBytes(price, NEGOTIATED_RATE);
    expires = price != null && !price.isNullAt(EXPIRATION_DATE);
    expiration = expires ? price.getInt(EXPIRATION_DATE) : 0;
    services = array(price, SERVICE_CODE);
    billing = string(price, BILLING_CLASS);
    place = string(price, SETTING);
    modifiers = array(price, BILLING_CODE_MODIFIER);
    information = string(price, ADDITIONAL_INFORMATION);
  }

  /** {@code rows} rows of the price last read. */
  void append(int rows) {
    negotiatedType.append(type, rows);
    if (rate == null) {
      negotiatedRate.appendNull(rows);
    } else {
      negotiatedRate.append(rate, rows);
    }
    if (expires) {
      expirationDate.append(expiration, rows);
    } else {
      expirationDate.appendNull(rows);
    }
    serviceCode.append(services, rows);
    billingClass.append(billing, rows);
    setting.append(place, rows);
    billingCodeModifier.append(modifiers, rows);
    additionalInformation.append(information, rows);
  }

  static UTF8String string(InternalRow row, int ordinal) {
    return row == null || row.isNullAt(ordinal) ? null : row.getUTF8String(ordinal);
  }

  static ArrayData array(InternalRow row, int ordinal) {
    return row == null || row.isNullAt(ordinal) ? null : row.getArray(ordinal);
  }

  /**
   * A decimal(38,10) as Parquet's FIXED_LEN_BYTE_ARRAY(16): the unscaled value in big-endian
   * two's complement, sign-extended, as Spark's writer stores it. An unsafe row keeps exactly the
   * unscaled value's minimal bytes, read without building a BigDecimal.
   */
  static byte[] decimalBytes(InternalRow row, int ordinal) {
    byte[] bytes = new byte[DECIMAL_BYTES];
    int size;
    if (row instanceof UnsafeRow unsafe) {
      long offsetAndSize = unsafe.getLong(ordinal);
      int offset = (int) (offsetAndSize >> 32);
      size = (int) offsetAndSize;
      Platform.copyMemory(unsafe.getBaseObject(), unsafe.getBaseOffset() + offset, bytes,
          Platform.BYTE_ARRAY_OFFSET + DECIMAL_BYTES - size, size);
    } else {
      BigInteger unscaled = row.getDecimal(ordinal, ChunkSchemas.RATE.precision(),
          ChunkSchemas.RATE.scale()).toJavaBigDecimal().unscaledValue();
      byte[] minimal = unscaled.toByteArray();
      size = minimal.length;
      System.arraycopy(minimal, 0, bytes, DECIMAL_BYTES - size, size);
    }
    if (bytes[DECIMAL_BYTES - size] < 0) {
      for (int i = 0; i < DECIMAL_BYTES - size; i++) {
        bytes[i] = -1;
      }
    }
    return bytes;
  }
}
