package io.ptlake.spark.report;

import java.math.BigDecimal;

/**
 * Table cells that show a query's figures. Each figure is an element that names where it comes
 * from ({@code data-query}, {@code data-row}, {@code data-col}) and holds it exactly
 * ({@code data-value}), so the page can be checked against the SQL figure by figure; figures that
 * do not come from SQL say so instead ({@code data-source}: the run reports, the file listing).
 */
final class Cells {
  private Cells() {}

  static String rowData(QueryResult result, int row) {
    return "data-query=\"" + result.id() + "\" data-row=\"" + row + "\"";
  }

  static String count(QueryResult result, int row, String column) {
    return "<td class=\"num\">" + countSpan(result, row, column) + "</td>";
  }

  /** A count inside a cell that shows more than one figure. */
  static String countSpan(QueryResult result, int row, String column) {
    Object value = result.value(row, column);
    return figure("span", result, row, column, value,
        value == null ? "" : Figures.count(((Number) value).longValue()), "", null);
  }

  static String rate(QueryResult result, int row, String column) {
    BigDecimal value = result.decimal(row, column);
    return "<td class=\"num\">"
        + figure("span", result, row, column, value, Figures.rate(value), "", null) + "</td>";
  }

  /** A byte size, rounded to KiB, MiB, …; the exact count in its title. */
  static String bytesSpan(QueryResult result, int row, String column) {
    Object value = result.value(row, column);
    if (value == null) {
      return figure("span", result, row, column, null, "", "", null);
    }
    long bytes = ((Number) value).longValue();
    return figure("span", result, row, column, value, Figures.bytes(bytes), "rounded",
        Figures.count(bytes) + " bytes");
  }

  static String text(QueryResult result, int row, String column) {
    return "<td>" + textSpan(result, row, column) + "</td>";
  }

  static String textSpan(QueryResult result, int row, String column) {
    Object value = result.value(row, column);
    return figure("span", result, row, column, value, value == null ? "" : value.toString(), "",
        null);
  }

  /**
   * A figure from outside SQL.
   *
   * @param source {@code run-report} or {@code listing}
   */
  static String other(String source, long value, String shown, String title) {
    return "<span" + (title != null ? " class=\"rounded\"" : "") + " data-source=\"" + source
        + "\" data-value=\"" + value + "\"" + (title != null
            ? " title=\"" + Html.escape(title) + "\"" : "") + ">" + Html.escape(shown) + "</span>";
  }

  static String none(String why) {
    return "<td class=\"none\" title=\"" + Html.escape(why) + "\">–</td>";
  }

  /** Where a chart's or table's numbers come from, linked to the query in the SQL section. */
  static String from(QueryResult... results) {
    StringBuilder out = new StringBuilder("<p class=\"from\">Numbers: ");
    for (int i = 0; i < results.length; i++) {
      QueryResult result = results[i];
      out.append(i == 0 ? "" : "; ").append("<a href=\"#sql-").append(result.id()).append("\">")
          .append(Html.escape(result.query().path())).append("</a>");
      if (!result.subject().isEmpty()) {
        out.append(" (").append(Html.escape(result.subject())).append(')');
      }
    }
    return out.append("</p>").toString();
  }

  private static String figure(String tag, QueryResult result, int row, String column,
      Object value, String shown, String cssClass, String title) {
    return "<" + tag + (cssClass.isEmpty() ? "" : " class=\"" + cssClass + "\"") + " "
        + rowData(result, row) + " data-col=\"" + column + "\" data-value=\""
        + Html.escape(Figures.exact(value)) + "\""
        + (value == null ? " data-null=\"true\"" : "")
        + (title == null ? "" : " title=\"" + Html.escape(title) + "\"") + ">"
        + Html.escape(shown) + "</" + tag + ">";
  }
}
