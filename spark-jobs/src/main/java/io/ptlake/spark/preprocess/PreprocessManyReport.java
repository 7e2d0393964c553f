package io.ptlake.spark.preprocess;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ptlake.preprocess.ToolVersion;
import io.ptlake.preprocess.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * The run report of preprocess-many: one entry per source, in the order the tasks were planned
 * (biggest first), with its status, sizes, time, attempts and error. Kept as
 * {@code OUT/_runs/preprocess-many-<time>.json} and printed on stdout.
 */
public final class PreprocessManyReport {
  public static final String FORMAT = "ptlake-preprocess-many/1";
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final List<String> sources;
  private final String out;
  private final int maxAttempts;
  private final Instant startedAt;
  private final Instant finishedAt;
  private final List<FileOutcome> files;
  private String location;

  PreprocessManyReport(List<String> sources, String out, int maxAttempts, Instant startedAt,
      Instant finishedAt, List<FileOutcome> files) {
    this.sources = List.copyOf(sources);
    this.out = out;
    this.maxAttempts = maxAttempts;
    this.startedAt = startedAt;
    this.finishedAt = finishedAt;
    this.files = files.stream().sorted(Comparator.comparingInt(FileOutcome::partition)).toList();
  }

  public List<FileOutcome> files() {
    return files;
  }

  public long count(String status) {
    return files.stream().filter(file -> file.status().equals(status)).count();
  }

  public boolean anyFailed() {
    return count(FileOutcome.FAILED) > 0;
  }

  /** Where the report was written. */
  public String location() {
    return location;
  }

  void setLocation(String location) {
    this.location = location;
  }

  String fileTime() {
    return FILE_TIME.format(startedAt);
  }

  public double seconds() {
    return (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
  }

  /** Stored bytes of the sources read (processed ones). */
  public long bytesProcessed() {
    return files.stream().filter(file -> file.status().equals(FileOutcome.PROCESSED))
        .mapToLong(file -> Math.max(0, file.source().sizeBytes())).sum();
  }

  public byte[] toJson() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeStringField("tool_version", ToolVersion.VALUE);
      g.writeArrayFieldStart("sources");
      for (String source : sources) {
        g.writeString(Storage.displayUri(source));
      }
      g.writeEndArray();
      g.writeStringField("out", out);
      g.writeStringField("started_at", startedAt.toString());
      g.writeStringField("finished_at", finishedAt.toString());
      g.writeNumberField("seconds", seconds());
      g.writeNumberField("max_attempts", maxAttempts);
      g.writeNumberField("files", files.size());
      g.writeNumberField(FileOutcome.PROCESSED, count(FileOutcome.PROCESSED));
      g.writeNumberField(FileOutcome.SKIPPED, count(FileOutcome.SKIPPED));
      g.writeNumberField(FileOutcome.FAILED, count(FileOutcome.FAILED));
      g.writeNumberField("bytes_processed", bytesProcessed());
      g.writeArrayFieldStart("results");
      for (FileOutcome file : files) {
        writeFile(g, file);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render the preprocess-many report", e);
    }
    return bytes.toByteArray();
  }

  public String toJsonString() {
    return new String(toJson(), StandardCharsets.UTF_8);
  }

  private static void writeFile(JsonGenerator g, FileOutcome file) throws IOException {
    g.writeStartObject();
    g.writeStringField("source", file.source().displayUri());
    g.writeStringField("dir", file.source().name());
    g.writeStringField("status", file.status());
    g.writeNumberField("size_bytes", file.source().sizeBytes());
    if (file.source().version() != null) {
      g.writeStringField("version", file.source().version());
    }
    g.writeNumberField("partition", file.partition());
    g.writeNumberField("attempts", file.attempts());
    g.writeStringField("started_at", Instant.ofEpochMilli(file.startedAtMillis()).toString());
    g.writeNumberField("seconds", file.seconds());
    if (file.fileType() != null) {
      g.writeStringField("file_type", file.fileType());
      g.writeNumberField("json_bytes", file.jsonBytes());
      g.writeNumberField("chunks", file.chunks());
      g.writeNumberField("expected_rows", file.expectedRows());
    }
    if (file.error() != null) {
      g.writeStringField("error", file.error());
    }
    if (file.errorByteOffset() != null) {
      g.writeNumberField("error_byte_offset", file.errorByteOffset());
    }
    g.writeEndObject();
  }
}
