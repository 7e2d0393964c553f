package io.ptlake.spark.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * {@link NormalizedTables#groupKey} computed in a write task: the first 32 hex digits of the
 * SHA-256 of the group's canonical JSON {@code {"tin_type":…,"tin_value":…,"business_name":…,
 * "npi":[…]}}, written by jackson-core as Spark's {@code to_json} writes it (a null field left
 * out, npi sorted ascending with nulls last, an absent list as {@code []}). The provider_groups
 * table, written by Spark, holds the same keys; the tests compare the two.
 *
 * <p>The keys of a record's group list are remembered by the list's bytes: the rates that point
 * to one provider_references entry carry the same list, and hashing it costs more than finding it.
 */
final class ProviderGroupKeys {
  private static final int KEY_HEX_DIGITS = 32;
  private static final int GROUP_FIELDS = 2;
  private static final int TIN_FIELDS = 3;
  /** Bytes of group lists remembered before the memory is cleared: a task's bound. */
  private static final long REMEMBERED_BYTES = 32L << 20;

  private final JsonFactory json = new JsonFactory();
  private final ByteArrayOutputStream text = new ByteArrayOutputStream(256);
  private final MessageDigest sha256;
  private final Map<ByteBuffer, String[]> remembered = new HashMap<>();
  private long rememberedBytes;

  ProviderGroupKeys() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The key of each group of {@code groups}, in order. */
  String[] keys(ArrayData groups) {
    ByteBuffer bytes = null;
    if (groups instanceof UnsafeArrayData unsafe) {
      byte[] copy = new byte[unsafe.getSizeInBytes()];
      Platform.copyMemory(unsafe.getBaseObject(), unsafe.getBaseOffset(), copy,
          Platform.BYTE_ARRAY_OFFSET, copy.length);
      bytes = ByteBuffer.wrap(copy);
      String[] known = remembered.get(bytes);
      if (known != null) {
        return known;
      }
    }
    String[] keys = new String[groups.numElements()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(groups.isNullAt(i) ? null : groups.getStruct(i, GROUP_FIELDS));
    }
    if (bytes != null) {
      rememberedBytes += bytes.capacity();
      if (rememberedBytes > REMEMBERED_BYTES) {
        remembered.clear();
        rememberedBytes = bytes.capacity();
      }
      remembered.put(bytes, keys);
    }
    return keys;
  }

  private String key(InternalRow group) {
    InternalRow tin = group == null || group.isNullAt(1) ? null : group.getStruct(1, TIN_FIELDS);
    ArrayData npis = group == null || group.isNullAt(0) ? null : group.getArray(0);
    text.reset();
    try (JsonGenerator out = json.createGenerator(text)) {
      out.writeStartObject();
      field(out, "tin_type", tin, 0);
      field(out, "tin_value", tin, 1);
      field(out, "business_name", tin, 2);
      out.writeArrayFieldStart("npi");
      if (npis != null) {
        long[] values = new long[npis.numElements()];
        int present = 0;
        for (int i = 0; i < values.length; i++) {
          if (!npis.isNullAt(i)) {
            values[present++] = npis.getLong(i);
          }
        }
        Arrays.sort(values, 0, present);
        for (int i = 0; i < present; i++) {
          out.writeNumber(values[i]);
        }
        for (int i = present; i < values.length; i++) {
          out.writeNull();
        }
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a provider group as JSON", e);
    }
    byte[] digest = sha256.digest(text.toByteArray());
    return HexFormat.of().formatHex(digest, 0, KEY_HEX_DIGITS / 2);
  }

  private static void field(JsonGenerator out, String name, InternalRow tin, int ordinal)
      throws IOException {
    if (tin != null && !tin.isNullAt(ordinal)) {
      out.writeStringField(name, tin.getUTF8String(ordinal).toString());
    }
  }

  /** {@link NormalizedTables#itemKey}: 32 hex digits of the SHA-256 of month/source/item. */
  String itemKey(String snapshotMonth, String sourceId, long item) {
    byte[] digest = sha256.digest((snapshotMonth + "/" + sourceId + "/" + item)
        .getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, KEY_HEX_DIGITS / 2);
  }
}
