package io.ptlake.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptlake.spark.ingest.RateExplodeJob;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest's run reports ({@code <warehouse>/_runs/*.json}): for each source and month, what
 * the latest ingest of it into the report's table counted. Only the run reports know the rows of
 * rejected records and the rows no count explains; the tables know the rest.
 */
final class RunReports {
  private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);

  /**
   * One source's reconciliation in its latest run report.
   *
   * @param startedAt when that ingest started
   * @param mode its write mode
   */
  record SourceRun(Instant startedAt, String mode, long expectedRows, long writtenRows,
      long rejectedRecords, long unreadableRecords, long rowsOfRejectedRecords,
      long unexplainedRows) {}

  private RunReports() {}

  /**
   * The latest run of each source of {@code table}, by {@code snapshot_month/source_id}. A
   * warehouse without {@code _runs} gives none; a file that is not an ingest's run report is
   * skipped.
   */
  static Map<String, SourceRun> latest(String warehouseDir, String table, Configuration conf) {
    Path dir = new Path(warehouseDir, RateExplodeJob.RUNS_DIR);
    Map<String, SourceRun> latest = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return latest;
      }
      for (FileStatus file : fs.listStatus(dir, path -> path.getName().endsWith(".json"))) {
        JsonNode report;
        try (InputStream in = fs.open(file.getPath())) {
          report = json.readTree(in);
        } catch (IOException e) {
          LOG.warn("Skipping run report {}: {}", file.getPath(), e.toString());
          continue;
        }
        if (!table.equals(report.path("table").asText()) || !report.path("sources").isArray()) {
          continue;
        }
        Instant startedAt = instant(report.path("started_at").asText());
        if (startedAt == null) {
          continue;
        }
        for (JsonNode source : report.path("sources")) {
          SourceRun run = new SourceRun(startedAt, report.path("mode").asText(),
              source.path("expected_rows").asLong(), source.path("written_rows").asLong(),
              source.path("rejected_records").asLong(), source.path("unreadable_records").asLong(),
              source.path("rows_of_rejected_records").asLong(),
              source.path("unexplained_rows").asLong());
          latest.merge(key(source.path("snapshot_month").asText(),
                  source.path("source_id").asText()), run,
              (a, b) -> a.startedAt().isAfter(b.startedAt()) ? a : b);
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot read the run reports under {}: {}", dir, e.toString());
    }
    return latest;
  }

  static String key(String snapshotMonth, String sourceId) {
    return snapshotMonth + "/" + sourceId;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
