package io.ptlake.preprocess;

import java.nio.charset.StandardCharsets;

/**
 * The TiC field names the in-network splitters act on, one table for both: the reference splitter
 * looks a name up as a String, the fast one as the bytes it captured (no String made). Every other
 * name is {@link #OTHER}: copied as it is. What each field means depends on where it is (a
 * top-level provider_references array, or a rate's list of ids): the splitters' walks say that.
 */
enum TicField {
  IN_NETWORK("in_network"),
  PROVIDER_REFERENCES("provider_references"),
  OUT_OF_NETWORK("out_of_network"),
  NEGOTIATED_RATES("negotiated_rates"),
  NEGOTIATED_PRICES("negotiated_prices"),
  PROVIDER_GROUPS("provider_groups"),
  PROVIDER_GROUP_ID("provider_group_id"),
  NPI("npi"),
  BILLING_CODE("billing_code"),
  LOCATION("location"),
  OTHER("");

  /** The named fields by name length; lengths up to 19 ("provider_references"). */
  private static final TicField[][] BY_LENGTH = new TicField[20][];

  static {
    for (TicField field : values()) {
      if (field != OTHER) {
        TicField[] same = BY_LENGTH[field.bytes.length];
        TicField[] more = same == null ? new TicField[1] : java.util.Arrays.copyOf(same, same.length + 1);
        more[more.length - 1] = field;
        BY_LENGTH[field.bytes.length] = more;
      }
    }
  }

  final String text;
  private final byte[] bytes;

  TicField(String text) {
    this.text = text;
    this.bytes = text.getBytes(StandardCharsets.US_ASCII);
  }

  static TicField of(String name) {
    int length = name.length();
    if (length < BY_LENGTH.length && BY_LENGTH[length] != null) {
      for (TicField field : BY_LENGTH[length]) {
        if (field.text.equals(name)) {
          return field;
        }
      }
    }
    return OTHER;
  }

  /** The field named by the first {@code length} bytes of {@code name} (a rendered name). */
  static TicField of(byte[] name, int length) {
    if (length >= BY_LENGTH.length) {
      return OTHER;
    }
    TicField[] candidates = BY_LENGTH[length];
    if (candidates != null) {
      for (TicField field : candidates) {
        // most names that are no field of the table differ in their first byte
        if (field.bytes[0] == name[0]
            && java.util.Arrays.equals(field.bytes, 0, length, name, 0, length)) {
          return field;
        }
      }
    }
    return OTHER;
  }
}
