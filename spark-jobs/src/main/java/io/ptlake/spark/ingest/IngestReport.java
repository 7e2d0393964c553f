package io.ptlake.spark.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one ingest wrote, per source file and in total: the run report, printed on stdout and kept
 * as {@code <warehouse>/_runs/<started_at>.json}.
 *
 * @param table the qualified table name
 * @param mode the write mode
 * @param startedAt when the ingest started (UTC)
 * @param sources one entry per source file, in the order given
 * @param elapsed from reading the first manifest to the end of the row count check
 */
public record IngestReport(
    String table, WriteMode mode, Instant startedAt, List<SourceReport> sources, Duration elapsed) {

  /**
   * One source's reconciliation: the manifest's counts against the rows written.
   *
   * @param sourceFile the manifest's source uri, as stored in the table's source_file column
   * @param sourceId the table's source_id
   * @param snapshotMonth the table's snapshot_month
   * @param expectedRows the manifest's expected_rows
   * @param writtenRows rows the table holds for the source after the write
   * @param undefinedReferenceIds ids that rates reference and no provider_references entry defines
   *     (dangling references; their prices are kept with null provider columns)
   * @param rejectedRecords chunk records sent to the rejects table
   * @param unreadableRecords of those, records that are not JSON or have a value of the wrong JSON
   *     type: the rows they would have made cannot be counted
   * @param rowsOfRejectedRecords rows the readable rejected records would have made (counted by
   *     exploding them as if their values were valid)
   * @param manifestCounts the manifest's counts, as the preprocessor wrote them
   */
  public record SourceReport(
      String sourceFile,
      String sourceId,
      String snapshotMonth,
      long expectedRows,
      long writtenRows,
      long undefinedReferenceIds,
      long rejectedRecords,
      long unreadableRecords,
      long rowsOfRejectedRecords,
      Map<String, Long> manifestCounts) {

    public SourceReport {
      manifestCounts = Map.copyOf(manifestCounts);
    }

    /** Rows neither written nor explained by a readable rejected record. */
    public long unexplainedRows() {
      return expectedRows - writtenRows - rowsOfRejectedRecords;
    }

    /**
     * True when the difference has no explanation: there is one, and no unreadable record (whose
     * rows are unknown) could account for it.
     */
    public boolean failsCheck() {
      return unexplainedRows() != 0 && unreadableRecords == 0;
    }
  }

  public IngestReport {
    sources = List.copyOf(sources);
  }

  public long expectedRows() {
    return sources.stream().mapToLong(SourceReport::expectedRows).sum();
  }

  public long writtenRows() {
    return sources.stream().mapToLong(SourceReport::writtenRows).sum();
  }

  public long rejectedRecords() {
    return sources.stream().mapToLong(SourceReport::rejectedRecords).sum();
  }

  /** Rows written per second of the whole ingest, write and check included. */
  public long rowsPerSecond() {
    long millis = Math.max(1, elapsed.toMillis());
    return writtenRows() * 1000 / millis;
  }

  /** The report as a JSON document, for people and scripts alike. */
  public String toJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
      json.writeStartObject();
      json.writeStringField("table", table);
      json.writeStringField("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
      json.writeStringField("started_at", startedAt.toString());
      json.writeArrayFieldStart("sources");
      for (SourceReport source : sources) {
        json.writeStartObject();
        json.writeStringField("source_file", source.sourceFile());
        json.writeStringField("source_id", source.sourceId());
        json.writeStringField("snapshot_month", source.snapshotMonth());
        json.writeNumberField("expected_rows", source.expectedRows());
        json.writeNumberField("written_rows", source.writtenRows());
        json.writeNumberField("undefined_reference_ids", source.undefinedReferenceIds());
        json.writeNumberField("rejected_records", source.rejectedRecords());
        json.writeNumberField("unreadable_records", source.unreadableRecords());
        json.writeNumberField("rows_of_rejected_records", source.rowsOfRejectedRecords());
        json.writeNumberField("unexplained_rows", source.unexplainedRows());
        json.writeObjectFieldStart("manifest_counts");
        for (Map.Entry<String, Long> count : new java.util.TreeMap<>(source.manifestCounts())
            .entrySet()) {
          json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeNumberField("expected_rows", expectedRows());
      json.writeNumberField("written_rows", writtenRows());
      json.writeNumberField("rejected_records", rejectedRecords());
      json.writeNumberField("elapsed_seconds", elapsed.toMillis() / 1000.0);
      json.writeNumberField("rows_per_second", rowsPerSecond());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render the ingest report", e);
    }
    return out.toString();
  }
}
