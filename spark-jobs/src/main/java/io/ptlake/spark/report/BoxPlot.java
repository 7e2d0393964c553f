package io.ptlake.spark.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Horizontal box plots on one logarithmic price axis, one row per group of rates: whiskers from
 * p10 to p90, the box from p25 to p75, a line at the median, dotted tails to the minimum and
 * maximum. Rows come in sections (a negotiated type and billing class), each led by its market
 * row. A row may carry a provider's lowest, median and highest rate over its box.
 */
final class BoxPlot {
  private static final int ROW = 22;
  private static final int SECTION = 20;
  private static final int TOP = 30;
  private static final int BOTTOM = 26;
  private static final int PLOT = 560;
  private static final int NOTE = 110;

  /** Seven exact figures of one group: the extremes and five nearest-rank percentiles. */
  record Box(BigDecimal min, BigDecimal p10, BigDecimal p25, BigDecimal p50, BigDecimal p75,
      BigDecimal p90, BigDecimal max) {
    Stream<BigDecimal> values() {
      return Stream.of(min, p10, p25, p50, p75, p90, max).filter(Objects::nonNull);
    }
  }

  /** A provider's own rates over a market box. */
  record Marks(BigDecimal min, BigDecimal median, BigDecimal max) {
    Stream<BigDecimal> values() {
      return Stream.of(min, median, max).filter(Objects::nonNull);
    }
  }

  /**
   * One row of the chart.
   *
   * @param section the section it belongs to, drawn as a heading when it changes
   * @param label the row's name on the left
   * @param market whether it is a section's market row (drawn darker)
   * @param box the group's figures
   * @param marks a provider's rates over the box, or null
   * @param note text on the right (row counts, a rank)
   * @param data raw {@code data-*} attributes naming the query result and row it comes from
   * @param tooltip what hovering the row says
   */
  record Row(String section, String label, boolean market, Box box, Marks marks, String note,
      String data, String tooltip) {}

  private BoxPlot() {}

  static String render(String chart, String ariaLabel, List<Row> rows) {
    // Market labels are bold (wider per letter), payer labels indented.
    double labelWidth = Math.min(340, 24 + rows.stream()
        .mapToDouble(row -> Svg.textWidth(row.label()) * (row.market() ? 1.1 : 1) + 12)
        .max().orElse(60));
    long sections = rows.stream().map(Row::section).distinct().count();
    int height = TOP + BOTTOM + rows.size() * ROW + (int) sections * SECTION;
    Svg svg = new Svg(chart, ariaLabel, (int) Math.ceil(labelWidth + PLOT + NOTE), height);
    double min = rows.stream().flatMap(BoxPlot::values).filter(v -> v.signum() > 0)
        .mapToDouble(BigDecimal::doubleValue).min().orElse(1);
    double max = rows.stream().flatMap(BoxPlot::values)
        .mapToDouble(BigDecimal::doubleValue).max().orElse(10);
    Scale scale = Scale.log(min, max, labelWidth, labelWidth + PLOT);
    axis(svg, scale, TOP, height - BOTTOM);

    double y = TOP;
    String section = null;
    for (Row row : rows) {
      if (!row.section().equals(section)) {
        section = row.section();
        svg.text(4, y + 14, "start", "section", section);
        y += SECTION;
      }
      draw(svg, scale, row, labelWidth, y);
      y += ROW;
    }
    return svg.toString();
  }

  private static Stream<BigDecimal> values(Row row) {
    return row.marks() == null ? row.box().values()
        : Stream.concat(row.box().values(), row.marks().values());
  }

  private static void axis(Svg svg, Scale scale, double top, double bottom) {
    for (double tick : scale.ticks()) {
      double x = scale.at(tick);
      svg.line(x, top - 4, x, bottom + 4, "grid");
      svg.text(x, top - 8, "middle", "tick", Scale.label(tick));
      svg.text(x, bottom + 16, "middle", "tick", Scale.label(tick));
    }
  }

  private static void draw(Svg svg, Scale scale, Row row, double labelWidth, double y) {
    Box box = row.box();
    double mid = y + ROW / 2.0;
    svg.group(row.market() ? "box market" : "box", row.data(), row.tooltip());
    svg.text(row.market() ? 8 : 20, mid + 4, "start", row.market() ? "label strong" : "label",
        row.label());
    if (box.p50() != null) {
      double minX = x(scale, box.min());
      double p10 = x(scale, box.p10());
      double p25 = x(scale, box.p25());
      double p75 = x(scale, box.p75());
      double p90 = x(scale, box.p90());
      double maxX = x(scale, box.max());
      svg.line(minX, mid, p10, mid, "tail");
      svg.line(p90, mid, maxX, mid, "tail");
      svg.line(minX, mid - 3, minX, mid + 3, "extreme");
      svg.line(maxX, mid - 3, maxX, mid + 3, "extreme");
      svg.line(p10, mid, p90, mid, "whisker");
      svg.line(p10, mid - 5, p10, mid + 5, "whisker");
      svg.line(p90, mid - 5, p90, mid + 5, "whisker");
      svg.rect(p25, mid - 7, Math.max(p75 - p25, 1.5), 14, "iqr", null);
      double median = x(scale, box.p50());
      svg.line(median, mid - 8, median, mid + 8, "median");
    }
    Marks marks = row.marks();
    if (marks != null && marks.median() != null) {
      svg.line(x(scale, marks.min()), mid, x(scale, marks.max()), mid, "provider-range");
      svg.diamond(x(scale, marks.median()), mid, 6, "provider");
    }
    svg.text(labelWidth + PLOT + 10, mid + 4, "start", "note", row.note());
    svg.end();
  }

  private static double x(Scale scale, BigDecimal value) {
    return scale.at(value.doubleValue());
  }
}
