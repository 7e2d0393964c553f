package io.ptlake.spark.ingest;

import io.ptlake.spark.parquet.BinaryColumn;
import io.ptlake.spark.parquet.ColumnarFileWriter;
import io.ptlake.spark.parquet.LongColumn;
import io.ptlake.spark.parquet.StringListColumn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The normalized {@code rates} table written from the same records as in_network_rates, in the
 * same task: a rate's slots arrive next to each other ({@link RateRows#records}), and once they
 * are all read the rate's rows (one per price) are appended, with what {@link NormalizedTables}
 * computes by shuffling whole rates: the keys of the groups its slots reach (through an id,
 * duplicates counted, or inline), sorted; the ids no entry defines, sorted; the slots without
 * groups; the rate's provider_references as published.
 *
 * <p>The table has its own buckets ({@link NormalizedTables#RATE_BUCKETS}): the rows of each go to
 * a file of their own, opened when the first code of that bucket comes, sorted by billing_code as
 * the records are.
 */
final class NormalizedRateWriter {
  /** Opens the file of a bucket of the rates table. */
  interface Files {
    ColumnarFileWriter open(int bucket) throws IOException;
  }

  private static final int ITEM = 0;
  private static final int BILLING_CODE = 7;
  private static final int SLOT_ID = 8;
  private static final int GROUPS = 10;
  private static final int PRICES = 11;
  private static final int RATE_UID = 12;
  private static final int SLOT_POSITION = 13;
  private static final int DEFINED = 14;
  private static final int REFERENCES_SIZE = 15;
  /** Spark's seed for murmur3 in hash(), which bucketBy uses. */
  private static final int SPARK_HASH_SEED = 42;

  private final Files files;
  private final int buckets;
  private final UTF8String sourceFile;
  private final String snapshotMonth;
  private final String sourceId;
  private final ProviderGroupKeys groupKeys = new ProviderGroupKeys();
  private final BucketFile[] open;

  private boolean inRate;
  private long rateUid;
  private long item = Long.MIN_VALUE;
  private UTF8String itemKey;
  private UTF8String billingCode;
  private ArrayData prices;
  private int referencesSize;
  private UTF8String[] ids = new UTF8String[8];
  private final List<String> keys = new ArrayList<>();
  private final List<UTF8String> undefined = new ArrayList<>();
  private int emptySlots;

  NormalizedRateWriter(Files files, int buckets, String sourceFile, String snapshotMonth,
      String sourceId) {
    this.files = files;
    this.buckets = buckets;
    this.sourceFile = UTF8String.fromString(sourceFile);
    this.snapshotMonth = snapshotMonth;
    this.sourceId = sourceId;
    this.open = new BucketFile[buckets];
  }

  /** One rate × slot record; the rate's rows are written when its last slot has been read. */
  void write(InternalRow record) throws IOException {
    long uid = record.getLong(RATE_UID);
    if (!inRate || uid != rateUid) {
      finishRate();
      startRate(record, uid);
    }
    int position = record.getInt(SLOT_POSITION);
    ArrayData groups = record.isNullAt(GROUPS) ? null : record.getArray(GROUPS);
    boolean hasGroups = groups != null && groups.numElements() > 0;
    if (position >= Math.max(referencesSize, 0)) {
      // The slot of the inline groups; without them, of a rate with neither ids nor groups.
      if (hasGroups) {
        Collections.addAll(keys, groupKeys.keys(groups));
      } else {
        emptySlots++;
      }
      return;
    }
    UTF8String id = record.isNullAt(SLOT_ID) ? null : record.getUTF8String(SLOT_ID).clone();
    ids[position] = id;
    if (record.getBoolean(DEFINED)) {
      if (hasGroups) {
        Collections.addAll(keys, groupKeys.keys(groups));
      } else {
        emptySlots++;
      }
    } else if (id != null) {
      undefined.add(id);
    }
  }

  /** Writes the last rate's rows. */
  void finish() throws IOException {
    finishRate();
  }

  private void startRate(InternalRow record, long uid) {
    inRate = true;
    rateUid = uid;
    long rateItem = record.getLong(ITEM);
    if (rateItem != item || itemKey == null) {
      item = rateItem;
      itemKey = UTF8String.fromString(groupKeys.itemKey(snapshotMonth, sourceId, item));
      billingCode = record.isNullAt(BILLING_CODE) ? null
          : record.getUTF8String(BILLING_CODE).clone();
    }
    prices = record.isNullAt(PRICES) ? null : record.getArray(PRICES).copy();
    referencesSize = record.getInt(REFERENCES_SIZE);
    if (ids.length < referencesSize) {
      ids = new UTF8String[referencesSize];
    }
    keys.clear();
    undefined.clear();
    emptySlots = 0;
  }

  private void finishRate() throws IOException {
    if (!inRate) {
      return;
    }
    inRate = false;
    if (prices == null || prices.numElements() == 0) {
      return;
    }
    BucketFile file = file(bucket(billingCode));
    ArrayData references = referencesSize < 0 ? null
        : new GenericArrayData(java.util.Arrays.copyOf(ids, referencesSize));
    Collections.sort(keys);
    UTF8String[] sortedKeys = new UTF8String[keys.size()];
    for (int i = 0; i < sortedKeys.length; i++) {
      sortedKeys[i] = UTF8String.fromString(keys.get(i));
    }
    Collections.sort(undefined);
    ArrayData groupKeyArray = new GenericArrayData(sortedKeys);
    ArrayData undefinedArray = new GenericArrayData(undefined.toArray());
    for (int p = 0; p < prices.numElements(); p++) {
      file.price.read(prices, p);
      file.itemKey.append(itemKey, 1);
      file.references.append(references, 1);
      file.groupKeys.append(groupKeyArray, 1);
      file.undefined.append(undefinedArray, 1);
      file.emptySlots.append(emptySlots, 1);
      file.price.append(1);
      file.sourceFile.append(sourceFile, 1);
      file.billingCode.append(billingCode, 1);
      file.writer.rowsAdded(1);
    }
  }

  private BucketFile file(int bucket) throws IOException {
    if (open[bucket] == null) {
      open[bucket] = new BucketFile(files.open(bucket));
    }
    return open[bucket];
  }

  /** Spark's bucket of a billing code: {@code pmod(hash(billing_code), buckets)}. */
  private int bucket(UTF8String code) {
    int hash = code == null ? SPARK_HASH_SEED : Murmur3_x86_32.hashUnsafeBytes(
        code.getBaseObject(), code.getBaseOffset(), code.numBytes(), SPARK_HASH_SEED);
    return Math.floorMod(hash, buckets);
  }

  /** The columns of one bucket's file. */
  private static final class BucketFile {
    final ColumnarFileWriter writer;
    final BinaryColumn itemKey;
    final StringListColumn references;
    final StringListColumn groupKeys;
    final StringListColumn undefined;
    final LongColumn emptySlots;
    final PriceColumns price;
    final BinaryColumn sourceFile;
    final BinaryColumn billingCode;

    BucketFile(ColumnarFileWriter writer) {
      this.writer = writer;
      itemKey = (BinaryColumn) writer.column("item_key");
      references = (StringListColumn) writer.column("provider_references", "list", "element");
      groupKeys = (StringListColumn) writer.column("provider_group_keys", "list", "element");
      undefined = (StringListColumn) writer.column("undefined_reference_ids", "list", "element");
      emptySlots = (LongColumn) writer.column("empty_provider_slots");
      price = new PriceColumns(writer);
      sourceFile = (BinaryColumn) writer.column(ChunkReader.SOURCE_FILE);
      billingCode = (BinaryColumn) writer.column("billing_code");
      if (writer.columns().size() != 7 + PriceColumns.count()) {
        throw new IllegalArgumentException("Cannot write the rates table into a file of "
            + writer.columns().size() + " columns");
      }
    }
  }
}
