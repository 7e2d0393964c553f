package io.ptlake.spark.compact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What one compaction did (or, dry, would do), per table: printed on stdout as JSON.
 *
 * @param dryRun whether nothing was written
 * @param tables one entry per table compacted, in the order compacted
 * @param seconds the whole run
 */
public record CompactReport(boolean dryRun, List<TableReport> tables, double seconds) {
  /**
   * One table. Files and bytes are those of the planned partitions (the months given), as listed
   * before and after the rewrite; after a dry run, "after" is "before".
   *
   * @param table the name Spark SQL reads it by
   * @param format hive or iceberg
   * @param partitionsPlanned partitions of the months given
   * @param partitionsCompacted of those, the ones rewritten (to be rewritten, dry)
   * @param plannedFiles files the rewrite writes (at most), or Iceberg's added files
   */
  public record TableReport(String table, String format, int partitionsPlanned,
      int partitionsCompacted, int filesBefore, int filesAfter, long bytesBefore, long bytesAfter,
      int plannedFiles, double seconds) {
    public int partitionsSkipped() {
      return partitionsPlanned - partitionsCompacted;
    }

    /** One line for stderr: what was done, or that there was nothing to do. */
    public String summary(boolean dryRun) {
      if (partitionsCompacted == 0) {
        return table + ": nothing to compact in " + partitionsPlanned + " partitions ("
            + filesBefore + " files)";
      }
      if (dryRun) {
        return table + ": would compact " + partitionsCompacted + " of " + partitionsPlanned
            + " partitions into at most " + plannedFiles + " files (" + filesBefore
            + " files now)";
      }
      return table + ": compacted " + partitionsCompacted + " of " + partitionsPlanned
          + " partitions, " + filesBefore + " files -> " + filesAfter + " files";
    }
  }

  public CompactReport {
    tables = List.copyOf(tables);
  }

  public int partitionsCompacted() {
    return tables.stream().mapToInt(TableReport::partitionsCompacted).sum();
  }

  /** The report as a JSON document, for people and scripts alike. */
  public String toJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
      json.writeStartObject();
      json.writeBooleanField("dry_run", dryRun);
      json.writeArrayFieldStart("tables");
      for (TableReport table : tables) {
        json.writeStartObject();
        json.writeStringField("table", table.table());
        json.writeStringField("format", table.format());
        json.writeNumberField("partitions_planned", table.partitionsPlanned());
        json.writeNumberField("partitions_compacted", table.partitionsCompacted());
        json.writeNumberField("partitions_skipped", table.partitionsSkipped());
        json.writeNumberField("files_before", table.filesBefore());
        json.writeNumberField("files_after", table.filesAfter());
        json.writeNumberField("bytes_before", table.bytesBefore());
        json.writeNumberField("bytes_after", table.bytesAfter());
        json.writeNumberField("planned_files", table.plannedFiles());
        json.writeNumberField("seconds", table.seconds());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeNumberField("partitions_compacted", partitionsCompacted());
      json.writeNumberField("seconds", seconds);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render the compaction report", e);
    }
    return out.toString();
  }
}
