package io.ptlake.spark.report;

/** An NPI as the page shows it: with its NPPES name and place when known, bare otherwise. */
final class ProviderCell {
  private ProviderCell() {}

  static String render(QueryResult result, int row, String column, ProviderNames names) {
    Object value = result.value(row, column);
    if (value == null) {
      return "<td " + Cells.rowData(result, row) + " data-col=\"" + column
          + "\" data-value=\"\" data-null=\"true\" class=\"npi none\">no NPI</td>";
    }
    long npi = ((Number) value).longValue();
    return "<td " + Cells.rowData(result, row) + " data-col=\"" + column + "\" data-value=\""
        + npi + "\" class=\"npi\">" + label(npi, names) + "</td>";
  }

  /** The name and place over the NPI, or the NPI alone. */
  static String label(long npi, ProviderNames names) {
    ProviderNames.Name name = names.get(npi);
    if (name == null || name.name() == null) {
      return "<span class=\"npi-number\">NPI " + npi + "</span>";
    }
    String credential = name.credential() == null || name.credential().isBlank() ? ""
        : ", " + name.credential();
    String place = name.place();
    return "<span class=\"provider-name\" data-npi-name=\"" + npi + "\">"
        + Html.escape(name.name() + credential) + "</span>"
        + (place.isEmpty() ? "" : " <span class=\"place\">" + Html.escape(place) + "</span>")
        + "<div class=\"npi-number\">NPI " + npi + "</div>";
  }
}
