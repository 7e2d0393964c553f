package io.ptlake.spark.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.storage.S3Uri;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageProperties;
import io.ptlake.spark.cli.PtlakeCli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The folders an ingest takes after a preprocess-many run: those of the run's latest report
 * ({@code PREFIX/_runs/preprocess-many-<time>.json}, the newest by name) that hold in-network
 * chunks, processed or skipped. The Glue entry script passes them to ingest
 * ({@code --ptlake_dirs_of_run}), so that a Step Functions chain needs no folder list: it may be
 * longer than a state's payload; {@link #main} does the same for EMR steps.
 */
public final class RunFolders {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPORT_PREFIX = "preprocess-many-";

  private RunFolders() {}

  /**
   * {@code RunFolders PREFIX COMMAND [ARGS...]}: runs the ptlake command with the folders of the
   * run under PREFIX appended, e.g. {@code RunFolders s3://lake/_staging/2026-11 ingest --database
   * ptlake}. The spark-submit class of an EMR ingest step that follows a preprocess-many step.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("Usage: RunFolders PREFIX COMMAND [ARGS...]");
      System.exit(2);
    }
    List<String> command = new ArrayList<>(List.of(args).subList(1, args.length));
    command.addAll(ingestDirs(args[0]));
    System.exit(PtlakeCli.commandLine().execute(command.toArray(String[]::new)));
  }

  /** With the default credential chain and region, as on Glue. */
  public static List<String> ingestDirs(String prefix) throws IOException {
    try (Storage storage = Storage.create(StorageProperties.defaults())) {
      return ingestDirs(storage, prefix);
    }
  }

  public static List<String> ingestDirs(Storage storage, String prefix) throws IOException {
    String runs = Storage.child(prefix, PreprocessManyJob.RUNS_FOLDER);
    String report = latestReport(storage, runs).orElseThrow(() -> new IOException(
        "Cannot list the folders of the preprocess-many run under " + prefix
            + " because " + runs + " holds no " + REPORT_PREFIX + "*.json report"));
    JsonNode results;
    try (InputStream in = storage.inputSource().open(Storage.child(runs, report))) {
      results = JSON.readTree(in).path("results");
    }
    List<String> dirs = new ArrayList<>();
    for (JsonNode file : results) {
      if (!file.path("status").asText().equals(FileOutcome.FAILED)
          && file.path("file_type").asText().equals(Manifest.FILE_TYPE_IN_NETWORK_RATES)) {
        dirs.add(Storage.child(prefix, file.path("dir").asText()));
      }
    }
    return dirs;
  }

  /** Report names sort by their UTC time stamp. */
  private static Optional<String> latestReport(Storage storage, String runs) throws IOException {
    List<String> names = new ArrayList<>();
    if (S3Uri.isS3(runs)) {
      S3Uri folder = S3Uri.parse(runs);
      String keyPrefix = folder.resolve(REPORT_PREFIX);
      for (S3Object object : storage.s3()
          .listObjectsV2Paginator(r -> r.bucket(folder.bucket()).prefix(keyPrefix)).contents()) {
        names.add(object.key().substring(object.key().lastIndexOf('/') + 1));
      }
    } else if (Files.isDirectory(Path.of(runs))) {
      try (Stream<Path> files = Files.list(Path.of(runs))) {
        files.map(file -> file.getFileName().toString())
            .filter(name -> name.startsWith(REPORT_PREFIX)).forEach(names::add);
      }
    }
    return names.stream().filter(name -> name.endsWith(".json")).max(Comparator.naturalOrder());
  }
}
