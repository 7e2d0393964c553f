package io.ptlake.preprocess;

import java.math.BigDecimal;

/** Canonical form of provider group ids, so that 1, 1.0, 1e0 and "1" join as the same id. */
final class ProviderIds {
  /**
   * Bound on the digits a plain rendering may have: toPlainString of 1e999999999 would build a
   * billion characters, and such a value is no real id, so it is kept as written.
   */
  private static final int MAX_PLAIN_DIGITS = 1000;

  private ProviderIds() {}

  /** {@code new BigDecimal(text).stripTrailingZeros().toPlainString()}; other text is kept. */
  static String canonical(String text) {
    if (isPlainInteger(text)) {
      return text;
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      return text;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (Math.abs((long) stripped.scale()) > MAX_PLAIN_DIGITS) {
      return text;
    }
    return stripped.toPlainString();
  }

  /** The common case, already canonical: skips BigDecimal for it. */
  private static boolean isPlainInteger(String text) {
    int length = text.length();
    if (length == 0 || (length > 1 && text.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
