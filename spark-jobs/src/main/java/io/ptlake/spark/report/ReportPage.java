package io.ptlake.spark.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ptlake.preprocess.ToolVersion;
import io.ptlake.spark.report.ReportData.CodeReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The report as one self-contained HTML page: styles inline, charts as inline SVG, each query's
 * result embedded as JSON ({@code <script type="application/json" class="query-result">}) beside
 * the statement and parameters that produced it. A content security policy forbids every load,
 * so a page that tried to fetch anything would show it as an error in the browser's console.
 */
public final class ReportPage {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final String CSS = resource("report.css");

  private ReportPage() {}

  public static String render(ReportData data) {
    List<CodeSection> codes = data.codes().stream()
        .map(code -> new CodeSection(code, data.names())).toList();
    StringBuilder out = new StringBuilder(1 << 18);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            + " style-src 'unsafe-inline'\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"generator\" content=\"ptlake ").append(Html.escape(ToolVersion.VALUE))
        .append("\"><title>Negotiated rates · ").append(Html.escape(data.tables().rates()))
        .append("</title><style>").append(CSS).append("</style></head><body>");
    out.append(header(data));
    out.append("<main>");
    out.append(new LoadHealthSection(data.load()).render());
    out.append(codesSection(codes));
    if (data.provider() != null) {
      out.append(new ProviderSection(data.provider(), data.names()).render());
    }
    out.append(method(data));
    out.append("</main><footer><div>").append("Made by ptlake ")
        .append(Html.escape(ToolVersion.VALUE)).append(" from ")
        .append(Html.escape(data.tables().rates())).append(".</div></footer>");
    for (QueryResult result : data.queries()) {
      out.append("\n<script type=\"application/json\" class=\"query-result\" id=\"data-")
          .append(result.id()).append("\">").append(json(result)).append("</script>");
    }
    return out.append("\n</body></html>\n").toString();
  }

  private static String header(ReportData data) {
    QueryResult rows = data.load().rows();
    TreeSet<String> months = new TreeSet<>();
    long total = 0;
    for (int row = 0; row < rows.size(); row++) {
      months.add(rows.text(row, "snapshot_month"));
      total += rows.count(row, "written_rows");
    }
    String monthText = data.config().month() != null ? "snapshot month " + data.config().month()
        : months.isEmpty() ? "every snapshot month (none loaded)"
            : months.size() == 1 ? "every snapshot month (" + months.first() + ")"
                : "every snapshot month (" + months.size() + ": " + months.first() + " to "
                    + months.last() + ")";
    StringBuilder out = new StringBuilder("<header class=\"top\"><div><h1>Negotiated rates</h1>");
    out.append("<p class=\"meta\">").append(Html.escape(data.tables().rates())).append(" · ")
        .append(Html.escape(monthText)).append(" · ").append(Figures.count(total))
        .append(" provider-price rows from ").append(Figures.count(rows.size()))
        .append(" source files · made ").append(WHEN.format(data.generatedAt())).append(" in ")
        .append(Figures.seconds(data.millis())).append("</p><nav>")
        .append("<a href=\"#load\">Load health</a><a href=\"#codes\">Codes</a>");
    if (data.provider() != null) {
      out.append("<a href=\"#provider\">Provider ").append(data.provider().npi()).append("</a>");
    }
    out.append("<a href=\"#method\">Method and SQL</a><span class=\"codes\">");
    out.append(data.codes().stream().map(code -> "<a href=\"#" + CodeSection.anchor(code.code())
        + "\">" + Html.escape(code.code()) + "</a>").collect(Collectors.joining(" · ")));
    return out.append("</span></nav></div></header>").toString();
  }

  private static String codesSection(List<CodeSection> codes) {
    StringBuilder out = new StringBuilder("<section id=\"codes\"><h2>Codes</h2>");
    if (codes.isEmpty()) {
      return out.append("<p class=\"empty\">No codes: the table holds no rows for the months"
          + " reported.</p></section>").toString();
    }
    out.append("<div class=\"scroll\"><table class=\"data\" data-table=\"codes\"><thead><tr>"
        + "<th>Code</th><th>Description</th><th>rows</th><th>NPIs</th><th>payers</th>"
        + "<th>lowest rate</th><th>highest rate</th><th>outliers listed</th></tr></thead><tbody>");
    for (CodeSection code : codes) {
      CodeReport report = code.report();
      QueryResult distribution = report.distribution();
      int row = code.totalsRow();
      out.append("<tr><td><a href=\"#").append(CodeSection.anchor(report.code())).append("\">")
          .append(Html.escape(report.code())).append("</a></td>");
      if (row < 0) {
        out.append("<td colspan=\"7\" class=\"empty\">no rows in the months reported</td></tr>");
        continue;
      }
      out.append(Cells.text(distribution, row, "description"))
          .append(Cells.count(distribution, row, "price_rows"))
          .append(Cells.count(distribution, row, "npis"))
          .append(Cells.count(distribution, row, "payers"))
          .append(Cells.rate(distribution, row, "min_rate"))
          .append(Cells.rate(distribution, row, "max_rate"))
          .append("<td class=\"num\">").append(report.outliers().size()).append("</td></tr>");
    }
    out.append("</tbody></table></div>");
    for (CodeSection code : codes) {
      out.append(code.render());
    }
    return out.append("</section>").toString();
  }

  private static String method(ReportData data) {
    StringBuilder out = new StringBuilder("<section id=\"method\" class=\"method\">"
        + "<h2>Method and SQL</h2><ul>"
        + "<li><b>Rows</b> are the table's provider-price rows: one per in-network item ×"
        + " negotiated rate × provider group × NPI × negotiated price. A rate that a payer"
        + " publishes for a group of 1,000 NPIs weighs 1,000 rows.</li>"
        + "<li><b>Percentiles</b> are exact and nearest-rank (SQL's <code>percentile_disc</code>):"
        + " pN is the smallest rate that at least N% of the group's rows are at or below, so"
        + " every percentile shown is a rate some row has. Athena's <code>approx_percentile</code>"
        + " (and Spark's) gives approximate values that differ between engines; the report's SQL"
        + " computes the exact ones from one row per distinct rate and its count, on Athena and"
        + " Spark alike.</li>"
        + "<li><b>Markets</b> are every payer's rows of one code with the same negotiated type"
        + " and billing class: dollars, percentages and per diems are never mixed.</li>"
        + "<li><b>Outliers</b> lie beyond Tukey's far-out fences of their market: above"
        + " p75 + 3 × IQR or below p25 − 3 × IQR (IQR = p75 − p25, taken as a tenth of the median"
        + " when smaller), in markets of 20 rows or more; the farthest from the median first.</li>"
        + "<li><b>Months</b>: ")
        .append(data.config().month() == null ? "every snapshot month of the table is read"
            + " together (<code>--month YYYY-MM</code> reads one)."
            : "snapshot month " + Html.escape(data.config().month()) + " only.")
        .append("</li><li><b>Providers</b>: ")
        .append(data.names().note() != null ? Html.escape(data.names().note())
            : "names and places from " + Html.escape(data.tables().providers()) + " (NPPES).")
        .append("</li></ul>");
    out.append("<h3>The queries</h3><p>Every figure on this page comes from one of these"
        + " queries, run on Spark SQL as written in the repository's <code>")
        .append(ReportSql.FOLDER).append("/</code>. To rerun one in Athena, prepare the file's"
        + " statement and execute it with the parameters shown, e.g. <code>PREPARE q FROM"
        + " &lt;statement&gt;</code> then <code>EXECUTE q USING …</code>. Each result is"
        + " also embedded in this page as JSON (<code>script.query-result</code>).</p>");
    out.append("<div class=\"sql\">");
    for (QueryResult result : data.queries()) {
      out.append("<details id=\"sql-").append(result.id()).append("\"><summary><b>")
          .append(result.id()).append("</b> ").append(Html.escape(result.query().path()));
      if (!result.subject().isEmpty()) {
        out.append(" · ").append(Html.escape(result.subject()));
      }
      out.append(" <span class=\"query-meta\">").append(Figures.count(result.size()))
          .append(result.size() == 1 ? " row, " : " rows, ")
          .append(Figures.seconds(result.millis())).append("</span></summary>")
          .append("<p class=\"query-meta\">").append(Html.escape(result.query().title()))
          .append("</p><pre>").append(Html.escape(result.statement())).append(";</pre><pre>")
          .append(Html.escape(execute(result))).append("</pre></details>");
    }
    return out.append("</div></section>").toString();
  }

  /** {@code EXECUTE q USING …} with the result's parameters as SQL literals. */
  static String execute(QueryResult result) {
    if (result.parameters().isEmpty()) {
      return "EXECUTE q";
    }
    return "EXECUTE q USING " + result.parameters().stream()
        .map(value -> value instanceof Number ? value.toString()
            : "'" + String.valueOf(value).replace("'", "''") + "'")
        .collect(Collectors.joining(", "));
  }

  /** A result as JSON; {@code </} is escaped so that no value can end the script element. */
  static String json(QueryResult result) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("id", result.id());
      json.writeStringField("file", result.query().path());
      json.writeStringField("subject", result.subject());
      json.writeArrayFieldStart("parameters");
      for (Object parameter : result.parameters()) {
        value(json, parameter);
      }
      json.writeEndArray();
      json.writeStringField("statement", result.statement());
      json.writeArrayFieldStart("columns");
      for (String column : result.columns()) {
        json.writeString(column);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("rows");
      for (List<Object> row : result.rows()) {
        json.writeStartArray();
        for (Object value : row) {
          value(json, value);
        }
        json.writeEndArray();
      }
      json.writeEndArray();
      json.writeNumberField("millis", result.millis());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the result of " + result.query().path(), e);
    }
    return text.toString().replace("</", "<\\/");
  }

  private static void value(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof BigDecimal decimal) {
      json.writeNumber(Figures.exact(decimal));
    } else if (value instanceof Long || value instanceof Integer) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double number && Double.isFinite(number)) {
      json.writeNumber(number);
    } else {
      json.writeString(value.toString());
    }
  }

  private static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Cannot find " + name + " beside " + ReportPage.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + name, e);
    }
  }
}
