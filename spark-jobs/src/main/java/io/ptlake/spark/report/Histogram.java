package io.ptlake.spark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One code's rates in price bands of {@link ReportSql#CODE_HISTOGRAM}: ten bands per factor of
 * ten, so the bars of a code whose rates span $5 to $7,000 are all readable; each bar stacked by
 * negotiated type, since percentages and per diems are not dollars.
 */
final class Histogram {
  private static final int WIDTH = 780;
  private static final int HEIGHT = 250;
  private static final int LEFT = 56;
  private static final int RIGHT = 16;
  private static final int TOP = 34;
  private static final int BOTTOM = 40;
  /** A rate of zero or less has no band: it gets a bar of its own at the left. */
  private static final int NO_BAND = Integer.MIN_VALUE;

  private Histogram() {}

  static String render(String chart, String ariaLabel, QueryResult bands) {
    Map<Integer, Map<String, Integer>> bars = new TreeMap<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    for (int row = 0; row < bands.size(); row++) {
      Object band = bands.value(row, "log_band");
      String type = String.valueOf(bands.text(row, "negotiated_type"));
      bars.computeIfAbsent(band == null ? NO_BAND : ((Number) band).intValue(),
          b -> new LinkedHashMap<>()).put(type, row);
      totals.merge(type, bands.count(row, "price_rows"), Long::sum);
    }
    Svg svg = new Svg(chart, ariaLabel, WIDTH, HEIGHT);
    if (bars.isEmpty()) {
      svg.text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "empty", "No rows");
      return svg.toString();
    }
    List<Integer> columns = columns(bars);
    long tallest = 0;
    for (Map<String, Integer> bar : bars.values()) {
      tallest = Math.max(tallest,
          bar.values().stream().mapToLong(row -> bands.count(row, "price_rows")).sum());
    }
    Scale.Linear y = Scale.linear(0, tallest, HEIGHT - BOTTOM, TOP);
    for (double tick : y.ticks()) {
      svg.line(LEFT, y.at(tick), WIDTH - RIGHT, y.at(tick), "grid");
      svg.text(LEFT - 6, y.at(tick) + 4, "end", "tick", Scale.label(tick));
    }
    double slot = (WIDTH - LEFT - RIGHT) / (double) columns.size();
    List<String> types = new ArrayList<>(totals.keySet());
    for (int c = 0; c < columns.size(); c++) {
      int band = columns.get(c);
      double x = LEFT + c * slot;
      if (band == NO_BAND) {
        svg.text(x + slot / 2, HEIGHT - BOTTOM + 14, "middle", "tick", "≤ 0");
      }
      double base = HEIGHT - BOTTOM;
      Map<String, Integer> bar = bars.getOrDefault(band, Map.of());
      for (String type : types) {
        Integer row = bar.get(type);
        if (row == null) {
          continue;
        }
        long count = bands.count(row, "price_rows");
        double top = y.at(count) - (HEIGHT - BOTTOM) + base;
        svg.group("bar", "data-query=\"" + bands.id() + "\" data-row=\"" + row
                + "\" data-value=\"" + count + "\"",
            type + ": " + Figures.rows(count) + " " + range(band));
        svg.rect(x + 1, top, Math.max(slot - 2, 1), base - top, "bar", Palette.type(type, types));
        svg.end();
        base = top;
      }
    }
    priceTicks(svg, columns, slot);
    svg.line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "axis");
    svg.text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 6, "middle", "axis-title",
        "negotiated rate (logarithmic bands, 10 per ×10)");
    double legend = LEFT;
    for (String type : types) {
      legend = svg.legendItem(legend, 16, Palette.type(type, types),
          type + " (" + Figures.count(totals.get(type)) + ")");
    }
    return svg.toString();
  }

  /** Ticks at the 1-2-5 prices within the bands, where they fall on the band axis. */
  private static void priceTicks(Svg svg, List<Integer> columns, double slot) {
    int first = columns.indexOf(columns.stream().filter(b -> b != NO_BAND).findFirst()
        .orElse(NO_BAND));
    if (columns.get(first) == NO_BAND) {
      return;
    }
    int firstBand = columns.get(first);
    int lastBand = columns.get(columns.size() - 1);
    for (double decade = Math.pow(10, Math.floor(firstBand / 10.0)); decade <= edge(lastBand + 1);
        decade *= 10) {
      for (double price : new double[] {decade, 2 * decade, 5 * decade}) {
        double position = 10 * Math.log10(price) - firstBand;
        if (position >= 0 && position <= lastBand + 1 - firstBand) {
          double x = LEFT + (first + position) * slot;
          svg.line(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 4, "axis");
          svg.text(x, HEIGHT - BOTTOM + 15, "middle", "tick", Scale.label(price));
        }
      }
    }
  }

  /** Every band from the lowest to the highest, empty ones too: gaps are part of the shape. */
  private static List<Integer> columns(Map<Integer, Map<String, Integer>> bars) {
    List<Integer> columns = new ArrayList<>();
    if (bars.containsKey(NO_BAND)) {
      columns.add(NO_BAND);
    }
    List<Integer> bands = bars.keySet().stream().filter(b -> b != NO_BAND).toList();
    if (!bands.isEmpty()) {
      for (int band = bands.get(0); band <= bands.get(bands.size() - 1); band++) {
        columns.add(band);
      }
    }
    return columns;
  }

  /** The lowest rate of band {@code band}: 10^(band/10). */
  static double edge(int band) {
    return Math.pow(10, band / 10.0);
  }

  private static String range(int band) {
    if (band == NO_BAND) {
      return "at or below 0";
    }
    return String.format(Locale.US, "from %.2f to %.2f", edge(band), edge(band + 1));
  }
}
