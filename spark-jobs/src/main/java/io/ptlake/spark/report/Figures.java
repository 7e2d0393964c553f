package io.ptlake.spark.report;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How numbers read on the page. Rates and counts are shown exactly (a percentile is a rate some
 * row has, so nothing needs rounding); only byte sizes and shares are rounded, with the exact
 * value kept in the element's {@code data-value}.
 */
final class Figures {
  private static final DecimalFormatSymbols US = DecimalFormatSymbols.getInstance(Locale.US);

  private Figures() {}

  /** 9620 → "9,620". */
  static String count(long value) {
    return new DecimalFormat("#,##0", US).format(value);
  }

  /**
   * A rate with thousands separators and at least two decimals, all of its own beyond that:
   * 5877 → "5,877.00", 12.3456 → "12.3456". The text names the exact value.
   */
  static String rate(BigDecimal value) {
    if (value == null) {
      return "";
    }
    BigDecimal plain = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    int scale = Math.max(2, plain.scale());
    DecimalFormat format = new DecimalFormat("#,##0", US);
    format.setMinimumFractionDigits(scale);
    format.setMaximumFractionDigits(scale);
    return format.format(plain.setScale(scale));
  }

  /** The exact value as {@code data-value} holds it: plain, without trailing zeros. */
  static String exact(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }

  /** 1 → "1 row", 9620 → "9,620 rows". */
  static String rows(long value) {
    return count(value) + (value == 1 ? " row" : " rows");
  }

  /** 181671 → "177.4 KiB"; rounded, so the page keeps the byte count beside it. */
  static String bytes(long value) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double scaled = value;
    int unit = 0;
    while (Math.abs(scaled) >= 1024 && unit < units.length - 1) {
      scaled /= 1024;
      unit++;
    }
    return unit == 0 ? value + " B" : String.format(Locale.US, "%.1f %s", scaled, units[unit]);
  }

  /** A share of a whole as a whole percentage: 37 of 100 → "37%". */
  static String percent(long part, long whole) {
    return whole == 0 ? "" : Math.round(100.0 * part / whole) + "%";
  }

  /** Seconds with one decimal: 1234 ms → "1.2 s". */
  static String seconds(long millis) {
    return String.format(Locale.US, "%.1f s", millis / 1000.0);
  }
}
