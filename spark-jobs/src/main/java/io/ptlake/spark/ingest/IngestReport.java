package io.ptlake.spark.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * What one ingest wrote, per source file and in total.
 *
 * @param table the qualified table name
 * @param sources one entry per source file, in the order given
 * @param elapsed from reading the first manifest to the end of the row count check
 */
public record IngestReport(String table, List<SourceReport> sources, Duration elapsed) {

  /**
   * @param sourceFile the manifest's source uri, as stored in the table's source_file column
   * @param expectedRows the manifest's expected_rows
   * @param writtenRows rows the table holds for the source after the write
   * @param undefinedReferenceIds ids that rates reference and no provider_references entry defines
   */
  public record SourceReport(
      String sourceFile, long expectedRows, long writtenRows, long undefinedReferenceIds) {}

  public IngestReport {
    sources = List.copyOf(sources);
  }

  public long expectedRows() {
    return sources.stream().mapToLong(SourceReport::expectedRows).sum();
  }

  public long writtenRows() {
    return sources.stream().mapToLong(SourceReport::writtenRows).sum();
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
      json.writeArrayFieldStart("sources");
      for (SourceReport source : sources) {
        json.writeStartObject();
        json.writeStringField("source_file", source.sourceFile());
        json.writeNumberField("expected_rows", source.expectedRows());
        json.writeNumberField("written_rows", source.writtenRows());
        json.writeNumberField("undefined_reference_ids", source.undefinedReferenceIds());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeNumberField("expected_rows", expectedRows());
      json.writeNumberField("written_rows", writtenRows());
      json.writeNumberField("elapsed_seconds", elapsed.toMillis() / 1000.0);
      json.writeNumberField("rows_per_second", rowsPerSecond());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render the ingest report", e);
    }
    return out.toString();
  }
}
