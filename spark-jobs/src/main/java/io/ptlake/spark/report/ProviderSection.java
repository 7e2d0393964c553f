package io.ptlake.spark.report;

import io.ptlake.spark.report.BoxPlot.Box;
import io.ptlake.spark.report.BoxPlot.Marks;
import io.ptlake.spark.report.ReportData.ProviderReport;
import java.util.ArrayList;
import java.util.List;

/**
 * One provider against the market: for each of its most frequent codes (by negotiated type and
 * billing class), its own lowest, median and highest rate over the market's box, and where its
 * median ranks among every payer's rows.
 */
final class ProviderSection {
  private final ProviderReport provider;
  private final ProviderNames names;

  ProviderSection(ProviderReport provider, ProviderNames names) {
    this.provider = provider;
    this.names = names;
  }

  String render() {
    QueryResult comparison = provider.comparison();
    StringBuilder out = new StringBuilder(16384);
    out.append("<section id=\"provider\"><h2>Provider against the market</h2>");
    out.append("<p class=\"lead provider-title\">")
        .append(ProviderCell.label(provider.npi(), names)).append("</p>");
    if (comparison.size() == 0) {
      out.append("<p class=\"empty\">No rates for NPI ").append(provider.npi())
          .append(" in the months reported.</p>").append(Cells.from(comparison));
      return out.append("</section>").toString();
    }
    out.append("<figure>").append(BoxPlot.render("provider-vs-market",
        "Rates of NPI " + provider.npi() + " against the market, code by code", rows()));
    out.append("<figcaption>Grey: every payer's rates for the code, type and class (whiskers"
        + " p10–p90, box p25–p75, line at the median). Orange: the provider's lowest to highest"
        + " rate, the diamond at its median; on the right, the share of market rows below that"
        + " median. Logarithmic scale.").append(Cells.from(comparison))
        .append("</figcaption></figure>");
    out.append(table());
    return out.append("</section>").toString();
  }

  private List<BoxPlot.Row> rows() {
    QueryResult comparison = provider.comparison();
    List<BoxPlot.Row> rows = new ArrayList<>();
    for (int row = 0; row < comparison.size(); row++) {
      Box market = CodeSection.box(comparison, row, "market_");
      Marks marks = new Marks(comparison.decimal(row, "provider_min_rate"),
          comparison.decimal(row, "provider_median_rate"),
          comparison.decimal(row, "provider_max_rate"));
      String label = comparison.text(row, "billing_code") + " · "
          + comparison.text(row, "negotiated_type") + " · "
          + comparison.text(row, "billing_class");
      rows.add(new BoxPlot.Row("codes, the provider's most frequent first", label, false, market,
          marks, rank(comparison, row) + " · " + Figures.rows(
              comparison.count(row, "provider_rows")),
          Cells.rowData(comparison, row) + CodeSection.boxData(market)
              + " data-provider-median=\"" + Figures.exact(marks.median()) + "\"",
          label + ": provider " + Figures.rate(marks.min()) + " to " + Figures.rate(marks.max())
              + ", median " + Figures.rate(marks.median()) + "; market "
              + Figures.rows(comparison.count(row, "market_rows")) + ", "
              + CodeSection.tip(market)));
    }
    return rows;
  }

  /** "37% below": the share of market rows whose rate is below the provider's median. */
  private static String rank(QueryResult comparison, int row) {
    return Figures.percent(comparison.count(row, "market_rows_below_provider_median"),
        comparison.count(row, "market_rows")) + " below";
  }

  private String table() {
    QueryResult comparison = provider.comparison();
    StringBuilder out = new StringBuilder("<div class=\"scroll\"><table class=\"data\"><thead>"
        + "<tr><th colspan=\"3\"></th><th colspan=\"5\" class=\"group\">Provider</th>"
        + "<th colspan=\"8\" class=\"group\">Market (every payer)</th></tr><tr><th>Code</th>"
        + "<th>Negotiated type</th><th>Billing class</th><th>rows</th><th>payers</th>"
        + "<th>lowest</th><th>median</th><th>highest</th><th>rows</th><th>lowest</th>"
        + "<th>p10</th><th>p25</th><th>median</th><th>p75</th><th>p90</th><th>highest</th>"
        + "<th>rows below the provider's median</th></tr></thead><tbody>");
    for (int row = 0; row < comparison.size(); row++) {
      out.append("<tr>").append(Cells.text(comparison, row, "billing_code"))
          .append(Cells.text(comparison, row, "negotiated_type"))
          .append(Cells.text(comparison, row, "billing_class"))
          .append(Cells.count(comparison, row, "provider_rows"))
          .append(Cells.count(comparison, row, "provider_payers"))
          .append(Cells.rate(comparison, row, "provider_min_rate"))
          .append(Cells.rate(comparison, row, "provider_median_rate"))
          .append(Cells.rate(comparison, row, "provider_max_rate"))
          .append(Cells.count(comparison, row, "market_rows"))
          .append(Cells.rate(comparison, row, "market_min_rate"));
      for (String percentile : CodeSection.PERCENTILES) {
        out.append(Cells.rate(comparison, row, "market_" + percentile));
      }
      out.append(Cells.rate(comparison, row, "market_max_rate"))
          .append(Cells.count(comparison, row, "market_rows_below_provider_median"))
          .append("</tr>");
    }
    return out.append("</tbody></table></div>").toString();
  }
}
