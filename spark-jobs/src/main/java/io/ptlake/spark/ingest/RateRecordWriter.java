package io.ptlake.spark.ingest;

import io.ptlake.spark.parquet.BinaryColumn;
import io.ptlake.spark.parquet.ColumnarFileWriter;
import io.ptlake.spark.parquet.LongColumn;
import io.ptlake.spark.parquet.StringListColumn;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The explode of docs/chunk-format.md done inside the Parquet writer: one rate × provider-slot
 * record in ({@link #RECORD_COLUMNS}), its rows out as runs of every column, never a row object.
 *
 * <p>A record makes prices × Σ over its groups of max(1, NPIs) rows, in that order: price by
 * price, then group by group, then NPI by NPI. So a price's columns are one run over all the NPIs
 * of the record, a group's TIN one run over its NPIs, the item's and the file's columns one run
 * over the record, and only npi changes from row to row. The same rows as Spark's
 * {@code explode_outer(groups) × explode_outer(npi) × explode(prices)}: an absent or empty group
 * list, a null group and an absent or empty npi list each give one row with nulls; a rate without
 * prices gives none.
 */
final class RateRecordWriter {
  /** The record's columns, in the order the write selects them (see {@link RateRows}). */
  static final List<String> RECORD_COLUMNS = List.of("item", "negotiation_arrangement", "name",
      "billing_code_type", "billing_code_type_version", "description", "severity_of_illness",
      "billing_code", "provider_group_id", "network_name", "groups", "negotiated_prices");

  /** Item columns of the table, in record order from ordinal 1. */
  private static final List<String> ITEM_COLUMNS = RECORD_COLUMNS.subList(1, 8);
  private static final int PROVIDER_GROUP_ID = 8;
  private static final int NETWORK_NAME = 9;
  private static final int GROUPS = 10;
  private static final int PRICES = 11;

  /** Fields of a provider group and of its tin, as ChunkSchemas.PROVIDER_GROUP orders them. */
  private static final int GROUP_NPI = 0;
  private static final int GROUP_TIN = 1;
  private static final int GROUP_FIELDS = 2;
  private static final int TIN_FIELDS = 3;
  /** Fields of a negotiated price, as ChunkSchemas.NEGOTIATED_PRICE orders them. */
  private static final int PRICE_FIELDS = 8;
  private static final int NEGOTIATED_TYPE = 0;
  private static final int NEGOTIATED_RATE = 1;
  private static final int EXPIRATION_DATE = 2;
  private static final int SERVICE_CODE = 3;
  private static final int BILLING_CLASS = 4;
  private static final int SETTING = 5;
  private static final int BILLING_CODE_MODIFIER = 6;
  private static final int ADDITIONAL_INFORMATION = 7;
  private static final int DECIMAL_BYTES = 16;

  private final ColumnarFileWriter file;
  private final List<BinaryColumn> constantColumns = new ArrayList<>();
  private final List<UTF8String> constantValues = new ArrayList<>();
  private final LongColumn lastUpdatedOn;
  private final Integer lastUpdatedOnDays;
  private final BinaryColumn[] items = new BinaryColumn[ITEM_COLUMNS.size()];
  private final BinaryColumn providerGroupId;
  private final StringListColumn networkName;
  private final LongColumn npi;
  private final BinaryColumn tinType;
  private final BinaryColumn tinValue;
  private final BinaryColumn businessName;
  private final BinaryColumn negotiatedType;
  private final BinaryColumn negotiatedRate;
  private final LongColumn expirationDate;
  private final StringListColumn serviceCode;
  private final BinaryColumn billingClass;
  private final BinaryColumn setting;
  private final StringListColumn billingCodeModifier;
  private final BinaryColumn additionalInformation;

  private final UTF8String[] itemValues = new UTF8String[ITEM_COLUMNS.size()];
  private UTF8String[] tinTypes = new UTF8String[4];
  private UTF8String[] tinValues = new UTF8String[4];
  private UTF8String[] businessNames = new UTF8String[4];
  private ArrayData[] npiLists = new ArrayData[4];
  private int[] npiCounts = new int[4];

  /**
   * Rows into {@code file}, whose columns are the table's data columns; {@code header} gives the
   * columns every row of the source repeats.
   */
  RateRecordWriter(ColumnarFileWriter file, SourceHeader header) {
    this.file = file;
    for (String field : FileHeader.FIELDS) {
      if (!field.equals(PreprocessedSource.LAST_UPDATED_ON)) {
        constantColumns.add((BinaryColumn) file.column(field));
        constantValues.add(utf8(header.value(field)));
      }
    }
    constantColumns.add((BinaryColumn) file.column(ChunkReader.SOURCE_FILE));
    constantValues.add(utf8(header.sourceFile()));
    lastUpdatedOn = (LongColumn) file.column(PreprocessedSource.LAST_UPDATED_ON);
    lastUpdatedOnDays = header.lastUpdatedOnDays();
    for (int i = 0; i < items.length; i++) {
      items[i] = (BinaryColumn) file.column(ITEM_COLUMNS.get(i));
    }
    providerGroupId = (BinaryColumn) file.column("provider_group_id");
    networkName = (StringListColumn) file.column("network_name", "list", "element");
    npi = (LongColumn) file.column("npi");
    tinType = (BinaryColumn) file.column("tin_type");
    tinValue = (BinaryColumn) file.column("tin_value");
    businessName = (BinaryColumn) file.column("business_name");
    negotiatedType = (BinaryColumn) file.column("negotiated_type");
    negotiatedRate = (BinaryColumn) file.column("negotiated_rate");
    expirationDate = (LongColumn) file.column("expiration_date");
    serviceCode = (StringListColumn) file.column("service_code", "list", "element");
    billingClass = (BinaryColumn) file.column("billing_class");
    setting = (BinaryColumn) file.column("setting");
    billingCodeModifier = (StringListColumn) file.column("billing_code_modifier", "list", "element");
    additionalInformation = (BinaryColumn) file.column("additional_information");
    int bound = constantColumns.size() + 1 + items.length + 14;
    if (bound != file.columns().size()) {
      throw new IllegalArgumentException("Cannot write rate rows into a file of "
          + file.columns().size() + " columns: the rows have " + bound);
    }
  }

  /** The rows of one record. */
  void write(InternalRow record) throws IOException {
    ArrayData prices = record.isNullAt(PRICES) ? null : record.getArray(PRICES);
    if (prices == null || prices.numElements() == 0) {
      return;
    }
    for (int i = 0; i < itemValues.length; i++) {
      itemValues[i] = string(record, i + 1);
    }
    UTF8String groupId = string(record, PROVIDER_GROUP_ID);
    ArrayData network = record.isNullAt(NETWORK_NAME) ? null : record.getArray(NETWORK_NAME);
    int groups = readGroups(record.isNullAt(GROUPS) ? null : record.getArray(GROUPS));
    for (int p = 0; p < prices.numElements(); p++) {
      InternalRow price = prices.isNullAt(p) ? null : prices.getStruct(p, PRICE_FIELDS);
      UTF8String type = string(price, NEGOTIATED_TYPE);
      byte[] rate = price == null || price.isNullAt(NEGOTIATED_RATE)
          ? null : decimalBytes(price, NEGOTIATED_RATE);
      boolean expires = price != null && !price.isNullAt(EXPIRATION_DATE);
      int expiration = expires ? price.getInt(EXPIRATION_DATE) : 0;
      ArrayData services = array(price, SERVICE_CODE);
      UTF8String billing = string(price, BILLING_CLASS);
      UTF8String place = string(price, SETTING);
      ArrayData modifiers = array(price, BILLING_CODE_MODIFIER);
      UTF8String information = string(price, ADDITIONAL_INFORMATION);
      for (int g = 0; g < groups; g++) {
        int rows = npiCounts[g];
        for (int done = 0; done < rows; ) {
          int span = Math.min(rows - done, file.rowsLeftInPage());
          for (int i = 0; i < constantColumns.size(); i++) {
            constantColumns.get(i).append(constantValues.get(i), span);
          }
          if (lastUpdatedOnDays == null) {
            lastUpdatedOn.appendNull(span);
          } else {
            lastUpdatedOn.append(lastUpdatedOnDays, span);
          }
          for (int i = 0; i < items.length; i++) {
            items[i].append(itemValues[i], span);
          }
          providerGroupId.append(groupId, span);
          networkName.append(network, span);
          if (npiLists[g] == null) {
            npi.appendNull(span);
          } else {
            npi.appendEach(npiLists[g], done, span);
          }
          tinType.append(tinTypes[g], span);
          tinValue.append(tinValues[g], span);
          businessName.append(businessNames[g], span);
          negotiatedType.append(type, span);
          if (rate == null) {
            negotiatedRate.appendNull(span);
          } else {
            negotiatedRate.append(rate, span);
          }
          if (expires) {
            expirationDate.append(expiration, span);
          } else {
            expirationDate.appendNull(span);
          }
          serviceCode.append(services, span);
          billingClass.append(billing, span);
          setting.append(place, span);
          billingCodeModifier.append(modifiers, span);
          additionalInformation.append(information, span);
          file.rowsAdded(span);
          done += span;
        }
      }
    }
  }

  /**
   * The record's groups into the per-group arrays; returns their number, at least one: an absent
   * or empty list is one group of nulls, as explode_outer makes it.
   */
  private int readGroups(ArrayData groups) {
    int count = groups == null ? 0 : groups.numElements();
    if (count == 0) {
      setGroup(0, null);
      return 1;
    }
    if (count > npiCounts.length) {
      int size = Math.max(count, npiCounts.length * 2);
      tinTypes = new UTF8String[size];
      tinValues = new UTF8String[size];
      businessNames = new UTF8String[size];
      npiLists = new ArrayData[size];
      npiCounts = new int[size];
    }
    for (int g = 0; g < count; g++) {
      setGroup(g, groups.isNullAt(g) ? null : groups.getStruct(g, GROUP_FIELDS));
    }
    return count;
  }

  private void setGroup(int g, InternalRow group) {
    InternalRow tin = group == null || group.isNullAt(GROUP_TIN)
        ? null : group.getStruct(GROUP_TIN, TIN_FIELDS);
    tinTypes[g] = string(tin, 0);
    tinValues[g] = string(tin, 1);
    businessNames[g] = string(tin, 2);
    ArrayData npis = array(group, GROUP_NPI);
    boolean none = npis == null || npis.numElements() == 0;
    npiLists[g] = none ? null : npis;
    npiCounts[g] = none ? 1 : npis.numElements();
  }

  private static UTF8String string(InternalRow row, int ordinal) {
    return row == null || row.isNullAt(ordinal) ? null : row.getUTF8String(ordinal);
  }

  private static ArrayData array(InternalRow row, int ordinal) {
    return row == null || row.isNullAt(ordinal) ? null : row.getArray(ordinal);
  }

  private static UTF8String utf8(String value) {
    return value == null ? null : UTF8String.fromString(value);
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
