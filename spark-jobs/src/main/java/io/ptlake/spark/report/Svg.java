package io.ptlake.spark.report;

import java.util.Locale;

/**
 * An inline SVG chart, drawn by ptlake from query results: no script, no library, nothing to
 * load, so the page draws the same offline, in print and in a mail client. Every mark that
 * stands for numbers carries them in {@code data-*} attributes and a {@code <title>} tooltip.
 */
final class Svg {
  private final StringBuilder out = new StringBuilder(8192);
  private final int width;
  private final int height;

  /**
   * @param chart what the chart shows, as {@code data-chart} (tests and the browser check find
   *     charts by it)
   * @param label what a screen reader says of it
   */
  Svg(String chart, String label, int width, int height) {
    this.width = width;
    this.height = height;
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"")
        .append(Html.escape(chart)).append("\" role=\"img\" aria-label=\"")
        .append(Html.escape(label)).append("\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
        .append(' ').append(height).append("\">");
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** Opens a group; {@code attributes} is raw attribute text (already escaped). */
  Svg group(String cssClass, String attributes, String tooltip) {
    out.append("<g class=\"").append(cssClass).append('"');
    if (!attributes.isEmpty()) {
      out.append(' ').append(attributes);
    }
    out.append('>');
    if (tooltip != null) {
      out.append("<title>").append(Html.escape(tooltip)).append("</title>");
    }
    return this;
  }

  Svg end() {
    out.append("</g>");
    return this;
  }

  Svg line(double x1, double y1, double x2, double y2, String cssClass) {
    out.append("<line class=\"").append(cssClass).append("\" x1=\"").append(num(x1))
        .append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
        .append("\" y2=\"").append(num(y2)).append("\"/>");
    return this;
  }

  Svg rect(double x, double y, double w, double h, String cssClass, String fill) {
    out.append("<rect class=\"").append(cssClass).append("\" x=\"").append(num(x))
        .append("\" y=\"").append(num(y)).append("\" width=\"").append(num(Math.max(w, 0)))
        .append("\" height=\"").append(num(Math.max(h, 0))).append('"');
    if (fill != null) {
      out.append(" fill=\"").append(fill).append('"');
    }
    out.append("/>");
    return this;
  }

  /** A diamond of half-diagonal {@code r} centred on (x, y). */
  Svg diamond(double x, double y, double r, String cssClass) {
    out.append("<path class=\"").append(cssClass).append("\" d=\"M").append(num(x)).append(' ')
        .append(num(y - r)).append("L").append(num(x + r)).append(' ').append(num(y))
        .append("L").append(num(x)).append(' ').append(num(y + r)).append("L")
        .append(num(x - r)).append(' ').append(num(y)).append("Z\"/>");
    return this;
  }

  /** Text at (x, y); {@code anchor} is start, middle or end. */
  Svg text(double x, double y, String anchor, String cssClass, String text) {
    out.append("<text class=\"").append(cssClass).append("\" x=\"").append(num(x))
        .append("\" y=\"").append(num(y)).append("\" text-anchor=\"").append(anchor)
        .append("\">").append(Html.escape(text)).append("</text>");
    return this;
  }

  /** A legend swatch and its name; returns the x after it. */
  double legendItem(double x, double y, String fill, String name) {
    rect(x, y - 9, 10, 10, "swatch", fill);
    text(x + 14, y, "start", "legend", name);
    return x + 14 + textWidth(name) + 16;
  }

  @Override
  public String toString() {
    return out + "</svg>";
  }

  /** A width estimate for 11px sans-serif text, to size label columns before the browser does. */
  static double textWidth(String text) {
    return text.length() * 6.2;
  }

  private static String num(double value) {
    return String.format(Locale.US, "%.1f", value);
  }
}
