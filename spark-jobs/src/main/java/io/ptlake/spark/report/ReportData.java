package io.ptlake.spark.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one report page shows, gathered by {@link PriceReport#gather}: the results of the
 * report's queries, the run reports' reconciliation and the table's file listing.
 *
 * @param config what was asked for
 * @param tables the tables read
 * @param generatedAt when the gathering started
 * @param millis how long gathering took
 * @param load the load health section's inputs
 * @param codes one entry per code shown, in order
 * @param provider the provider section's input; null without {@code --npi}
 * @param names what the NPPES table says of the NPIs shown
 * @param queries every query run, in order
 */
public record ReportData(ReportConfig config, TableNames tables, Instant generatedAt, long millis,
    LoadHealth load, List<CodeReport> codes, ProviderReport provider, ProviderNames names,
    List<QueryResult> queries) {

  public ReportData {
    codes = List.copyOf(codes);
    queries = List.copyOf(queries);
  }

  /**
   * The load health section's inputs.
   *
   * @param rows rows per source and month in the rates table
   * @param files the files table's rows; null when the warehouse has no files table
   * @param rejects rejected records per source, month and kind; null without a rejects table
   * @param runs the latest run report of each source, by {@code month/source_id}
   * @param dataFiles Parquet files per {@code month/source_id} ({@code month/} when the table is
   *     not partitioned by source); empty for an Iceberg table
   */
  public record LoadHealth(QueryResult rows, QueryResult files, QueryResult rejects,
      Map<String, RunReports.SourceRun> runs, Map<String, DataFiles.Stats> dataFiles) {
    public LoadHealth {
      runs = Map.copyOf(runs);
      dataFiles = Map.copyOf(dataFiles);
    }
  }

  /** One code's section: its distribution, histogram and outliers. */
  public record CodeReport(String code, QueryResult distribution, QueryResult histogram,
      QueryResult outliers) {}

  /** The provider section: one NPI against the market, code by code. */
  public record ProviderReport(long npi, QueryResult comparison) {}
}
