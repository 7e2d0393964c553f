package io.ptlake.spark.report;

import io.ptlake.spark.report.BoxPlot.Box;
import io.ptlake.spark.report.ReportData.CodeReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One billing code: how its rates spread across the market and at each payer, by negotiated type
 * and billing class; its histogram; its outliers, named by NPPES when the catalog has it.
 */
final class CodeSection {
  static final String[] PERCENTILES = {"p10_rate", "p25_rate", "p50_rate", "p75_rate", "p90_rate"};

  private final CodeReport code;
  private final ProviderNames names;

  CodeSection(CodeReport code, ProviderNames names) {
    this.code = code;
    this.names = names;
  }

  CodeReport report() {
    return code;
  }

  static String anchor(String code) {
    StringBuilder id = new StringBuilder("code-");
    code.chars().forEach(c -> id.append(Character.isLetterOrDigit(c) ? (char) c : '_'));
    return id.toString();
  }

  /** The row of the distribution's 'code' scope: the code's totals; -1 when it has no rows. */
  int totalsRow() {
    QueryResult distribution = code.distribution();
    for (int row = 0; row < distribution.size(); row++) {
      if ("code".equals(distribution.text(row, "scope"))) {
        return row;
      }
    }
    return -1;
  }

  String description() {
    int row = totalsRow();
    return row < 0 ? null : code.distribution().text(row, "description");
  }

  String render() {
    QueryResult distribution = code.distribution();
    StringBuilder out = new StringBuilder(32768);
    out.append("<article class=\"code\" id=\"").append(anchor(code.code())).append("\">");
    out.append("<h3><span class=\"code-id\">").append(Html.escape(code.code())).append("</span> ")
        .append(Html.escape(description() == null ? "" : description())).append("</h3>");
    int totals = totalsRow();
    if (totals < 0) {
      out.append("<p class=\"empty\">No rows for this code in the months reported.</p>")
          .append(Cells.from(distribution));
      return out.append("</article>").toString();
    }
    out.append("<p class=\"lead\">").append(Figures.count(distribution.count(totals, "price_rows")))
        .append(" provider-price rows · ")
        .append(Figures.count(distribution.count(totals, "npis")))
        .append(" NPIs · ").append(Figures.count(distribution.count(totals, "payers")))
        .append(distribution.count(totals, "payers") == 1 ? " payer</p>" : " payers</p>");
    out.append(marketTable());
    out.append("<figure>").append(BoxPlot.render("box-" + anchor(code.code()),
        "Rates of " + code.code() + " by payer, negotiated type and billing class", boxRows()));
    out.append("<figcaption>Each row: whiskers p10–p90, box p25–p75, line at the median, dotted"
        + " to the lowest and highest rate; the bold row of each section is every payer together."
        + " Logarithmic scale.").append(Cells.from(distribution)).append("</figcaption></figure>");
    out.append("<figure>").append(Histogram.render("hist-" + anchor(code.code()),
        "Histogram of the rates of " + code.code(), code.histogram()));
    out.append("<figcaption>Provider-price rows per price band, by negotiated type.")
        .append(Cells.from(code.histogram())).append("</figcaption></figure>");
    out.append(outliers());
    return out.append("</article>").toString();
  }

  private String marketTable() {
    QueryResult distribution = code.distribution();
    StringBuilder out = new StringBuilder("<table class=\"data\" data-table=\"market\">"
        + "<thead><tr><th>Negotiated type</th><th>Billing class</th><th>rows</th><th>NPIs</th>"
        + "<th>payers</th><th>lowest</th><th>p10</th><th>p25</th><th>median</th><th>p75</th>"
        + "<th>p90</th><th>highest</th></tr></thead><tbody>");
    for (int row = 0; row < distribution.size(); row++) {
      if (!"market".equals(distribution.text(row, "scope"))) {
        continue;
      }
      out.append("<tr>").append(Cells.text(distribution, row, "negotiated_type"))
          .append(Cells.text(distribution, row, "billing_class"))
          .append(Cells.count(distribution, row, "price_rows"))
          .append(Cells.count(distribution, row, "npis"))
          .append(Cells.count(distribution, row, "payers"))
          .append(Cells.rate(distribution, row, "min_rate"));
      for (String percentile : PERCENTILES) {
        out.append(Cells.rate(distribution, row, percentile));
      }
      out.append(Cells.rate(distribution, row, "max_rate")).append("</tr>");
    }
    return out.append("</tbody></table>").toString();
  }

  /** Each section's market row, then its payers' rows, in the query's order. */
  private List<BoxPlot.Row> boxRows() {
    QueryResult distribution = code.distribution();
    List<BoxPlot.Row> market = new ArrayList<>();
    List<BoxPlot.Row> payers = new ArrayList<>();
    for (int row = 0; row < distribution.size(); row++) {
      String scope = distribution.text(row, "scope");
      if ("code".equals(scope)) {
        continue;
      }
      boolean isMarket = "market".equals(scope);
      String section = distribution.text(row, "negotiated_type") + " · "
          + distribution.text(row, "billing_class");
      String label = isMarket ? "all payers" : distribution.text(row, "reporting_entity_name");
      Box box = box(distribution, row, "");
      BoxPlot.Row boxRow = new BoxPlot.Row(section, label, isMarket, box, null,
          Figures.rows(distribution.count(row, "price_rows")),
          Cells.rowData(distribution, row) + boxData(box),
          label + " · " + section + ": " + Figures.count(distribution.count(row, "price_rows"))
              + " rows, " + Figures.count(distribution.count(row, "npis")) + " NPIs; " + tip(box));
      (isMarket ? market : payers).add(boxRow);
    }
    List<BoxPlot.Row> ordered = new ArrayList<>();
    for (BoxPlot.Row section : market) {
      List<BoxPlot.Row> own =
          payers.stream().filter(row -> row.section().equals(section.section())).toList();
      // One payer is the whole market: one row, named after it, says so without repeating it.
      ordered.add(own.size() == 1 ? new BoxPlot.Row(section.section(),
          own.get(0).label() + " (the only payer)", true, section.box(), null, section.note(),
          section.data(), section.tooltip()) : section);
      if (own.size() > 1) {
        ordered.addAll(own);
      }
    }
    return ordered;
  }

  /** The seven figures of a row, from columns {@code prefix}min_rate … {@code prefix}max_rate. */
  static Box box(QueryResult result, int row, String prefix) {
    return new Box(result.decimal(row, prefix + "min_rate"),
        result.decimal(row, prefix + "p10_rate"), result.decimal(row, prefix + "p25_rate"),
        result.decimal(row, prefix + "p50_rate"), result.decimal(row, prefix + "p75_rate"),
        result.decimal(row, prefix + "p90_rate"), result.decimal(row, prefix + "max_rate"));
  }

  static String boxData(Box box) {
    return " data-min=\"" + Figures.exact(box.min()) + "\" data-p10=\"" + Figures.exact(box.p10())
        + "\" data-p25=\"" + Figures.exact(box.p25()) + "\" data-p50=\""
        + Figures.exact(box.p50()) + "\" data-p75=\"" + Figures.exact(box.p75())
        + "\" data-p90=\"" + Figures.exact(box.p90()) + "\" data-max=\""
        + Figures.exact(box.max()) + "\"";
  }

  static String tip(Box box) {
    return "lowest " + Figures.rate(box.min()) + ", p10 " + Figures.rate(box.p10()) + ", p25 "
        + Figures.rate(box.p25()) + ", median " + Figures.rate(box.p50()) + ", p75 "
        + Figures.rate(box.p75()) + ", p90 " + Figures.rate(box.p90()) + ", highest "
        + Figures.rate(box.max());
  }

  private String outliers() {
    QueryResult outliers = code.outliers();
    StringBuilder out = new StringBuilder("<h4>Outliers</h4>");
    if (outliers.size() == 0) {
      out.append("<p class=\"empty\">No rate lies beyond its market's far-out fences (three"
          + " interquartile ranges beyond the quartiles, in markets of 20 rows or more).</p>");
      return out.append(Cells.from(outliers)).toString();
    }
    out.append("<div class=\"scroll\"><table class=\"data outliers\"><thead><tr><th></th>"
        + "<th>Payer</th><th>Provider</th><th>TIN</th><th>Negotiated type</th>"
        + "<th>Billing class</th><th>rate</th><th>market median</th><th>× median</th>"
        + "<th>rows</th><th>NPIs</th></tr></thead><tbody>");
    for (int row = 0; row < outliers.size(); row++) {
      String direction = outliers.text(row, "direction");
      out.append("<tr class=\"").append("high".equals(direction) ? "high" : "low").append("\">")
          .append("<td class=\"arrow\">").append("high".equals(direction) ? "▲" : "▼")
          .append("</td>")
          .append(Cells.text(outliers, row, "reporting_entity_name"))
          .append(ProviderCell.render(outliers, row, "first_npi", names))
          .append(Cells.text(outliers, row, "tin_value"))
          .append(Cells.text(outliers, row, "negotiated_type"))
          .append(Cells.text(outliers, row, "billing_class"))
          .append(Cells.rate(outliers, row, "negotiated_rate"))
          .append(Cells.rate(outliers, row, "market_median_rate"))
          .append(ratio(outliers.decimal(row, "negotiated_rate"),
              outliers.decimal(row, "market_median_rate")))
          .append(Cells.count(outliers, row, "price_rows"))
          .append(Cells.count(outliers, row, "npis"))
          .append("</tr>");
    }
    out.append("</tbody></table></div>");
    return out.append(Cells.from(outliers)).toString();
  }

  /** rate ÷ median to one decimal ("8.4×"), a reading aid derived from the two cells before it. */
  private static String ratio(BigDecimal rate, BigDecimal median) {
    if (rate == null || median == null || median.signum() == 0) {
      return Cells.none("no median to compare with");
    }
    BigDecimal ratio = rate.divide(median, 1, RoundingMode.HALF_UP);
    return "<td class=\"num derived\" data-derived=\"ratio\">"
        + String.format(Locale.US, "%s×", ratio.toPlainString()) + "</td>";
  }
}
