package io.ptlake.spark.report;

/** Text into HTML and SVG: every value from the tables passes through here. */
final class Html {
  private Html() {}

  /** Escapes text for element content and for quoted attribute values alike. */
  static String escape(Object value) {
    String text = value == null ? "" : value.toString();
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      String replacement = switch (text.charAt(i)) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(text.charAt(i));
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
