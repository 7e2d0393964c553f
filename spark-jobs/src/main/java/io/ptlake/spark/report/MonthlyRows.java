package io.ptlake.spark.report;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Rows loaded per snapshot month, stacked by payer, from {@link ReportSql#ROWS_BY_SOURCE}: every
 * month from the first to the last gets a column, so a month a payer did not load shows as a gap.
 */
final class MonthlyRows {
  private static final int WIDTH = 780;
  private static final int HEIGHT = 250;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 40;
  private static final int BOTTOM = 34;
  /** Payers beyond the nine largest share one colour. */
  private static final int NAMED_PAYERS = 9;
  private static final String OTHERS = "other payers";
  /** More months than this are not spread out month by month. */
  private static final int MAX_COLUMNS = 120;

  private MonthlyRows() {}

  static String render(String chart, String ariaLabel, QueryResult rows) {
    Svg svg = new Svg(chart, ariaLabel, WIDTH, HEIGHT);
    if (rows.size() == 0) {
      svg.text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "empty", "No rows");
      return svg.toString();
    }
    List<String> payers = payers(rows);
    // month → payer (or OTHERS) → the rows of the result it sums
    Map<String, Map<String, List<Integer>>> stacks = new TreeMap<>();
    for (int row = 0; row < rows.size(); row++) {
      String payer = String.valueOf(rows.text(row, "reporting_entity_name"));
      stacks.computeIfAbsent(rows.text(row, "snapshot_month"), m -> new LinkedHashMap<>())
          .computeIfAbsent(payers.contains(payer) ? payer : OTHERS, p -> new ArrayList<>())
          .add(row);
    }
    List<String> months = months(stacks.keySet());
    long tallest = stacks.values().stream()
        .mapToLong(stack -> stack.values().stream().flatMap(List::stream)
            .mapToLong(row -> rows.count(row, "written_rows")).sum())
        .max().orElse(1);
    Scale.Linear y = Scale.linear(0, tallest, HEIGHT - BOTTOM, TOP);
    for (double tick : y.ticks()) {
      svg.line(LEFT, y.at(tick), WIDTH - RIGHT, y.at(tick), "grid");
      svg.text(LEFT - 6, y.at(tick) + 4, "end", "tick", Scale.label(tick));
    }
    List<String> series = new ArrayList<>(payers);
    if (stacks.values().stream().anyMatch(stack -> stack.containsKey(OTHERS))) {
      series.add(OTHERS);
    }
    double slot = (WIDTH - LEFT - RIGHT) / (double) months.size();
    int labelEvery = Math.max(1, (int) Math.ceil(months.size() / 12.0));
    for (int c = 0; c < months.size(); c++) {
      String month = months.get(c);
      double x = LEFT + c * slot;
      if (c % labelEvery == 0) {
        svg.text(x + slot / 2, HEIGHT - BOTTOM + 14, "middle", "tick", month);
      }
      double base = HEIGHT - BOTTOM;
      Map<String, List<Integer>> stack = stacks.getOrDefault(month, Map.of());
      for (int s = 0; s < series.size(); s++) {
        List<Integer> sourceRows = stack.get(series.get(s));
        if (sourceRows == null) {
          continue;
        }
        long count = sourceRows.stream().mapToLong(row -> rows.count(row, "written_rows")).sum();
        double top = base - (HEIGHT - BOTTOM - y.at(count));
        svg.group("bar", "data-query=\"" + rows.id() + "\" data-rows=\""
                + sourceRows.stream().map(String::valueOf).collect(Collectors.joining(" "))
                + "\" data-value=\"" + count + "\"",
            month + " · " + series.get(s) + ": " + Figures.rows(count));
        svg.rect(x + slot * 0.15, top, slot * 0.7, base - top, "bar",
            series.get(s).equals(OTHERS) ? "#bab0ac" : Palette.series(s));
        svg.end();
        base = top;
      }
    }
    svg.line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "axis");
    double legendX = LEFT;
    double legendY = 14;
    for (int s = 0; s < series.size(); s++) {
      if (legendX + Svg.textWidth(series.get(s)) + 30 > WIDTH) {
        legendX = LEFT;
        legendY += 14;
      }
      legendX = svg.legendItem(legendX, legendY,
          series.get(s).equals(OTHERS) ? "#bab0ac" : Palette.series(s), series.get(s));
    }
    return svg.toString();
  }

  /** The payers with the most rows, most first; the rest go to {@link #OTHERS}. */
  private static List<String> payers(QueryResult rows) {
    Map<String, Long> totals = new LinkedHashMap<>();
    for (int row = 0; row < rows.size(); row++) {
      totals.merge(String.valueOf(rows.text(row, "reporting_entity_name")),
          rows.count(row, "written_rows"), Long::sum);
    }
    return totals.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(NAMED_PAYERS)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Every month from the first to the last, or the months present when they span too long. */
  private static List<String> months(Set<String> present) {
    List<String> sorted = new ArrayList<>(present);
    try {
      YearMonth first = YearMonth.parse(sorted.get(0));
      YearMonth last = YearMonth.parse(sorted.get(sorted.size() - 1));
      List<String> all = new ArrayList<>();
      for (YearMonth month = first; !month.isAfter(last) && all.size() <= MAX_COLUMNS;
          month = month.plusMonths(1)) {
        all.add(month.toString());
      }
      return all.size() > MAX_COLUMNS ? sorted : all;
    } catch (DateTimeParseException e) {
      return sorted;
    }
  }
}
