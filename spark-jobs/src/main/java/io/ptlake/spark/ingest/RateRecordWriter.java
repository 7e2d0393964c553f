package io.ptlake.spark.ingest;

import io.ptlake.spark.parquet.BinaryColumn;
import io.ptlake.spark.parquet.ColumnarFileWriter;
import io.ptlake.spark.parquet.LongColumn;
import io.ptlake.spark.parquet.StringListColumn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The explode of docs/chunk-format.md done inside the Parquet writer: one rate × provider-slot
 * record in ({@link #RECORD_COLUMNS}), its rows out as runs of every column, never a row object.
 *
 * <p>A record makes prices × Σ over its groups of max(1, NPIs) rows, in that order: price by
 * price, then group by group, then NPI by NPI. So a price's columns are one run over all the NPIs
 * of the record, a group's TIN one run over its NPIs, the record's provider columns one run over
 * the record, the item's over its records and the file's over the page; only npi changes from row
 * to row. Each level's columns are appended once per run: a counter of rows per level grows with
 * every span of rows, and the run is appended when the level's value changes or the page ends. The same rows as Spark's
 * {@code explode_outer(groups) × explode_outer(npi) × explode(prices)}: an absent or empty group
 * list, a null group and an absent or empty npi list each give one row with nulls; a rate without
 * prices gives none.
 */
final class RateRecordWriter {
  /** The record's columns, in the order the write selects them (see {@link RateRows}). */
  static final List<String> RECORD_COLUMNS = List.of("item", "negotiation_arrangement", "name",
      "billing_code_type", "billing_code_type_version", "description", "severity_of_illness",
      "billing_code", "provider_group_id", "network_name", "groups", "negotiated_prices",
      RateRows.RATE_UID, RateRows.SLOT_POSITION, RateRows.DEFINED, RateRows.REFERENCES_SIZE);

  /** Item columns of the table, in record order from ordinal 1. */
  private static final List<String> ITEM_COLUMNS = RECORD_COLUMNS.subList(1, 8);
  private static final int ITEM = 0;
  private static final int PROVIDER_GROUP_ID = 8;
  private static final int NETWORK_NAME = 9;
  private static final int GROUPS = 10;
  private static final int PRICES = 11;

  /** Fields of a provider group and of its tin, as ChunkSchemas.PROVIDER_GROUP orders them. */
  private static final int GROUP_NPI = 0;
  private static final int GROUP_TIN = 1;
  private static final int GROUP_FIELDS = 2;
  private static final int TIN_FIELDS = 3;
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
  private final PriceColumns price;

  private final UTF8String[] itemValues = new UTF8String[ITEM_COLUMNS.size()];
  private long item;
  private boolean inItem;
  private UTF8String groupId;
  private ArrayData network;
  /** Rows appended since each level's run was last appended to its columns. */
  private int fileRows;
  private int itemRows;
  private int recordRows;
  private int priceRows;
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
    price = new PriceColumns(file);
    file.beforePageEnd(this::appendOpenRuns);
    int bound = constantColumns.size() + 1 + items.length + 6 + PriceColumns.count();
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
    long recordItem = record.getLong(ITEM);
    if (!inItem || recordItem != item) {
      appendItemRun();
      inItem = true;
      item = recordItem;
      // Copies: the item's values outlive the record, whose buffer the next one reuses.
      for (int i = 0; i < itemValues.length; i++) {
        UTF8String value = PriceColumns.string(record, i + 1);
        itemValues[i] = value == null ? null : value.clone();
      }
    }
    groupId = PriceColumns.string(record, PROVIDER_GROUP_ID);
    network = record.isNullAt(NETWORK_NAME) ? null : record.getArray(NETWORK_NAME);
    int groups = readGroups(record.isNullAt(GROUPS) ? null : record.getArray(GROUPS));
    for (int p = 0; p < prices.numElements(); p++) {
      price.read(prices, p);
      for (int g = 0; g < groups; g++) {
        int rows = npiCounts[g];
        for (int done = 0; done < rows; ) {
          int span = Math.min(rows - done, file.rowsLeftInPage());
          if (npiLists[g] == null) {
            npi.appendNull(span);
          } else {
            npi.appendEach(npiLists[g], done, span);
          }
          tinType.append(tinTypes[g], span);
          tinValue.append(tinValues[g], span);
          businessName.append(businessNames[g], span);
          fileRows += span;
          itemRows += span;
          recordRows += span;
          priceRows += span;
          file.rowsAdded(span);
          done += span;
        }
      }
      appendPriceRun();
    }
    appendRecordRun();
  }

  /** Before a page is cut: every level's open run, so that every column has the page's rows. */
  private void appendOpenRuns() {
    if (fileRows > 0) {
      for (int i = 0; i < constantColumns.size(); i++) {
        constantColumns.get(i).append(constantValues.get(i), fileRows);
      }
      if (lastUpdatedOnDays == null) {
        lastUpdatedOn.appendNull(fileRows);
      } else {
        lastUpdatedOn.append(lastUpdatedOnDays, fileRows);
      }
      fileRows = 0;
    }
    appendItemRun();
    appendRecordRun();
    appendPriceRun();
  }

  private void appendItemRun() {
    if (itemRows > 0) {
      for (int i = 0; i < items.length; i++) {
        items[i].append(itemValues[i], itemRows);
      }
      itemRows = 0;
    }
  }

  private void appendRecordRun() {
    if (recordRows > 0) {
      providerGroupId.append(groupId, recordRows);
      networkName.append(network, recordRows);
      recordRows = 0;
    }
  }

  private void appendPriceRun() {
    if (priceRows > 0) {
      price.append(priceRows);
      priceRows = 0;
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
    tinTypes[g] = PriceColumns.string(tin, 0);
    tinValues[g] = PriceColumns.string(tin, 1);
    businessNames[g] = PriceColumns.string(tin, 2);
    ArrayData npis = PriceColumns.array(group, GROUP_NPI);
    boolean none = npis == null || npis.numElements() == 0;
    npiLists[g] = none ? null : npis;
    npiCounts[g] = none ? 1 : npis.numElements();
  }

  private static UTF8String utf8(String value) {
    return value == null ? null : UTF8String.fromString(value);
  }
}
