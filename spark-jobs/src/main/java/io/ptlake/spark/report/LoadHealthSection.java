package io.ptlake.spark.report;

import io.ptlake.spark.report.ReportData.LoadHealth;
import io.ptlake.spark.report.RunReports.SourceRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the loads were complete: per source file and month, the rows the table holds against
 * the rows its manifest expects, what the ingest rejected and could not resolve, and the sizes
 * of the source, its chunks and the table's files.
 */
final class LoadHealthSection {
  /** One source of one month: its row in either result (or both). */
  private record Source(String key, String month, int rowsRow, int filesRow) {}

  private final LoadHealth load;

  LoadHealthSection(LoadHealth load) {
    this.load = load;
  }

  String render() {
    List<Source> sources = sources();
    StringBuilder out = new StringBuilder(16384);
    out.append("<section id=\"load\"><h2>Load health</h2>");
    out.append(cards(sources));
    out.append("<figure>").append(MonthlyRows.render("rows-by-month",
        "Rows loaded per snapshot month, by payer", load.rows()));
    out.append("<figcaption>Rows in the table per snapshot month, stacked by payer (a gap is a"
        + " month with no load).").append(Cells.from(load.rows())).append("</figcaption>");
    out.append("</figure>");
    out.append(table(sources));
    out.append(notes());
    return out.append("</section>").toString();
  }

  /** Sources in month and payer order, from the rows written and the files table alike. */
  private List<Source> sources() {
    Map<String, int[]> byKey = new LinkedHashMap<>();
    Map<String, String> months = new LinkedHashMap<>();
    Map<String, String> payers = new LinkedHashMap<>();
    collect(load.rows(), 0, byKey, months, payers);
    if (load.files() != null) {
      collect(load.files(), 1, byKey, months, payers);
    }
    List<Source> sources = new ArrayList<>();
    byKey.forEach((key, rows) -> sources.add(new Source(key, months.get(key), rows[0], rows[1])));
    sources.sort(Comparator.comparing(Source::month)
        .thenComparing(source -> String.valueOf(payers.get(source.key())))
        .thenComparing(Source::key));
    return sources;
  }

  private static void collect(QueryResult result, int slot, Map<String, int[]> byKey,
      Map<String, String> months, Map<String, String> payers) {
    for (int row = 0; row < result.size(); row++) {
      String month = result.text(row, "snapshot_month");
      String key = RunReports.key(month, result.text(row, "source_id"));
      byKey.computeIfAbsent(key, k -> new int[] {-1, -1})[slot] = row;
      months.put(key, month);
      payers.putIfAbsent(key, result.text(row, "reporting_entity_name"));
    }
  }

  private String cards(List<Source> sources) {
    long written = 0;
    long expected = 0;
    int complete = 0;
    int checked = 0;
    for (Source source : sources) {
      long rows = source.rowsRow() < 0 ? 0 : load.rows().count(source.rowsRow(), "written_rows");
      written += rows;
      Long expect = expected(source);
      if (expect != null) {
        expected += expect;
        checked++;
        complete += expect == rows ? 1 : 0;
      }
    }
    long rejected = load.runs().values().stream().mapToLong(SourceRun::rejectedRecords).sum();
    long dataFiles = load.dataFiles().values().stream().mapToLong(DataFiles.Stats::files).sum();
    long dataBytes = load.dataFiles().values().stream().mapToLong(DataFiles.Stats::bytes).sum();
    StringBuilder out = new StringBuilder("<div class=\"cards\">");
    card(out, "Source files", Figures.count(sources.size()), "of " + months(sources) + " months");
    card(out, "Rows in the table", Figures.count(written), checked == 0 ? "no expected counts"
        : Figures.count(expected) + " expected");
    card(out, "Complete loads", complete + " of " + checked,
        complete == checked ? "every source's rows as expected" : (checked - complete)
            + " differ from their manifest", complete == checked ? "good" : "bad");
    card(out, "Rejected records", Figures.count(rejected), "in the latest run reports",
        rejected == 0 ? "good" : "warn");
    if (!load.dataFiles().isEmpty()) {
      card(out, "Parquet files", Figures.count(dataFiles), Figures.bytes(dataBytes)
          + ", " + Figures.bytes(dataFiles == 0 ? 0 : dataBytes / dataFiles) + " each on average");
    }
    return out.append("</div>").toString();
  }

  private static void card(StringBuilder out, String title, String figure, String detail) {
    card(out, title, figure, detail, "");
  }

  private static void card(StringBuilder out, String title, String figure, String detail,
      String status) {
    out.append("<div class=\"card ").append(status).append("\"><div class=\"card-title\">")
        .append(Html.escape(title)).append("</div><div class=\"card-figure\">")
        .append(Html.escape(figure)).append("</div><div class=\"card-detail\">")
        .append(Html.escape(detail)).append("</div></div>");
  }

  private static long months(List<Source> sources) {
    return sources.stream().map(Source::month).distinct().count();
  }

  /** The manifest's expected rows: from the files table, else the latest run report. */
  private Long expected(Source source) {
    if (source.filesRow() >= 0) {
      return load.files().count(source.filesRow(), "expected_rows");
    }
    SourceRun run = load.runs().get(source.key());
    return run == null ? null : run.expectedRows();
  }

  private String table(List<Source> sources) {
    StringBuilder out = new StringBuilder("<div class=\"scroll\"><table class=\"data load\">");
    out.append("<thead><tr><th colspan=\"2\"></th><th colspan=\"3\" class=\"group\">Rows</th>"
        + "<th colspan=\"3\" class=\"group\">Problems</th><th class=\"group\">"
        + "Contents</th><th colspan=\"3\" class=\"group\">Files</th></tr><tr>"
        + "<th>Month</th><th>Payer and source file</th><th>in table</th><th>expected</th>"
        + "<th>status</th><th>rejected records</th><th>undefined references</th>"
        + "<th>rows without NPI</th><th>codes</th><th>source</th>"
        + "<th>chunks</th><th>table (Parquet)</th></tr></thead><tbody>");
    for (Source source : sources) {
      out.append(row(source));
    }
    return out.append("</tbody></table></div>").toString();
  }

  private String row(Source source) {
    QueryResult rows = load.rows();
    QueryResult files = load.files();
    int r = source.rowsRow();
    int f = source.filesRow();
    SourceRun run = load.runs().get(source.key());
    StringBuilder out = new StringBuilder("<tr data-source-key=\"")
        .append(Html.escape(source.key())).append("\"><td>").append(Html.escape(source.month()))
        .append("</td><td class=\"source\"><div class=\"payer\">")
        .append(r >= 0 ? Cells.textSpan(rows, r, "reporting_entity_name")
            : Cells.textSpan(files, f, "reporting_entity_name")).append("</div>");
    if (r >= 0) {
      String file = rows.text(r, "source_file");
      out.append("<div class=\"file\" title=\"").append(Html.escape(file)).append("\">")
          .append(Html.escape(file.substring(file.lastIndexOf('/') + 1))).append("</div>");
    }
    out.append("<div class=\"id\">").append(Html.escape(
        source.key().substring(source.key().indexOf('/') + 1))).append("</div></td>");
    out.append(r >= 0 ? Cells.count(rows, r, "written_rows")
        : Cells.none("no rows of this source in the table"));
    out.append(f >= 0 ? Cells.count(files, f, "expected_rows") : run != null
        ? number(Cells.other("run-report", run.expectedRows(), Figures.count(run.expectedRows()),
            null))
        : Cells.none("no files table row and no run report for this source"));
    out.append(status(source, run, run == null ? "" : "<div class=\"sub\">ingested "
        + Html.escape(run.startedAt().toString().substring(0, 16).replace('T', ' ')) + " UTC, "
        + Html.escape(run.mode()) + "</div>"));
    out.append(run != null ? number(Cells.other("run-report", run.rejectedRecords(),
        Figures.count(run.rejectedRecords()), null)) : rejectsFromTable(source));
    out.append(f >= 0 ? Cells.count(files, f, "undefined_reference_ids")
        : Cells.none("the files table holds the manifest's counts"));
    out.append(r >= 0 ? Cells.count(rows, r, "rows_without_npi") : Cells.none(""));
    out.append(r >= 0 ? Cells.count(rows, r, "codes") : Cells.none(""));
    if (f >= 0) {
      boolean compressed = !"none".equals(files.text(f, "source_compression"));
      out.append("<td class=\"num\">").append(Cells.bytesSpan(files, f, "source_size_bytes"));
      if (compressed) {
        out.append("<div class=\"sub\">").append(Cells.textSpan(files, f, "source_compression"))
            .append(", ").append(Cells.bytesSpan(files, f, "source_json_bytes"))
            .append(" JSON</div>");
      }
      out.append("</td><td class=\"num\">").append(Cells.countSpan(files, f, "chunk_files"))
          .append(" · ").append(Cells.bytesSpan(files, f, "chunk_bytes")).append("</td>");
    } else {
      String why = "the files table holds the sizes";
      out.append(Cells.none(why)).append(Cells.none(why));
    }
    DataFiles.Stats data = load.dataFiles().get(source.key());
    out.append(data == null ? Cells.none(load.dataFiles().isEmpty()
            ? "the table's files were not listed"
            : "the table is not partitioned by source; see the month totals below")
        : number(Cells.other("listing", data.files(), Figures.count(data.files()), null) + " · "
            + Cells.other("listing", data.bytes(), Figures.bytes(data.bytes()),
                Figures.count(data.bytes()) + " bytes")));
    return out.append("</tr>").toString();
  }

  private static String number(String content) {
    return "<td class=\"num\">" + content + "</td>";
  }

  /** Complete, explained by rejects, or rows missing or extra. */
  private String status(Source source, SourceRun run, String when) {
    Long expected = expected(source);
    long written = source.rowsRow() < 0 ? 0 : load.rows().count(source.rowsRow(), "written_rows");
    if (expected == null) {
      return "<td class=\"status unknown\" data-status=\"unknown\">no expected count" + when
          + "</td>";
    }
    long missing = expected - written;
    if (missing == 0) {
      return "<td class=\"status good\" data-status=\"complete\">complete" + when + "</td>";
    }
    if (missing > 0 && run != null && run.unexplainedRows() == 0) {
      return "<td class=\"status warn\" data-status=\"rejected\" data-missing=\"" + missing
          + "\">" + Figures.count(missing) + " rows in rejected records" + when + "</td>";
    }
    return "<td class=\"status bad\" data-status=\"" + (missing > 0 ? "missing" : "extra")
        + "\" data-missing=\"" + missing + "\">" + Figures.count(Math.abs(missing))
        + (missing > 0 ? " rows missing" : " rows more than expected") + when + "</td>";
  }

  /** Without a run report, the rejects table's count for the source, when it has one. */
  private String rejectsFromTable(Source source) {
    QueryResult rejects = load.rejects();
    if (rejects == null) {
      return Cells.none("no run report for this source and no rejects table");
    }
    long total = 0;
    for (int row = 0; row < rejects.size(); row++) {
      if (source.key().equals(RunReports.key(rejects.text(row, "snapshot_month"),
          rejects.text(row, "source_id")))) {
        total += rejects.count(row, "rejected_records");
      }
    }
    return number(Cells.other("rejects-table", total, Figures.count(total), null));
  }

  /** Rejected records by kind, and the table's files per month when not per source. */
  private String notes() {
    StringBuilder out = new StringBuilder();
    QueryResult rejects = load.rejects();
    if (rejects != null && rejects.size() > 0) {
      out.append("<h3>Rejected records</h3><table class=\"data\"><thead><tr><th>Month</th>"
          + "<th>Source</th><th>Kind</th><th>records</th><th>a reason</th></tr></thead><tbody>");
      for (int row = 0; row < rejects.size(); row++) {
        out.append("<tr>").append(Cells.text(rejects, row, "snapshot_month"))
            .append(Cells.text(rejects, row, "source_id")).append(Cells.text(rejects, row, "kind"))
            .append(Cells.count(rejects, row, "rejected_records"))
            .append(Cells.text(rejects, row, "first_reason")).append("</tr>");
      }
      out.append("</tbody></table>").append(Cells.from(rejects));
    }
    Map<String, DataFiles.Stats> byMonth = new LinkedHashMap<>();
    load.dataFiles().forEach((key, stats) -> {
      if (key.endsWith("/")) {
        byMonth.put(key.substring(0, key.length() - 1), stats);
      }
    });
    if (!byMonth.isEmpty()) {
      out.append("<h3>Table files per month</h3><table class=\"data\"><thead><tr><th>Month</th>"
          + "<th>Parquet files</th><th>bytes</th></tr></thead><tbody>");
      byMonth.forEach((month, stats) -> out.append("<tr><td>").append(Html.escape(month))
          .append("</td>").append(number(Cells.other("listing", stats.files(),
              Figures.count(stats.files()), null)))
          .append(number(Cells.other("listing", stats.bytes(), Figures.bytes(stats.bytes()),
              Figures.count(stats.bytes()) + " bytes"))).append("</tr>"));
      out.append("</tbody></table>");
    }
    out.append(load.files() == null ? Cells.from(load.rows())
        : Cells.from(load.rows(), load.files()));
    return out.append("<p class=\"from\">Rejected records: the latest run report of each source"
        + " (the warehouse's _runs/). Table files: a listing of the table's folders.</p>")
        .toString();
  }
}
