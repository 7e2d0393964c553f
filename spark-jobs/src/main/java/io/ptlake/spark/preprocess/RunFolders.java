package io.ptlake.spark.preprocess;

import io.ptlake.preprocess.storage.S3Uri;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageProperties;
import io.ptlake.spark.cli.PtlakeCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What an ingest takes after a preprocess-many run: the run's PREFIX itself, which {@code ingest}
 * expands ({@code io.ptlake.spark.ingest.IngestInputs}) into the folders of its latest report
 * ({@code PREFIX/_runs/preprocess-many-<time>.json}, the newest by name), in-network and
 * allowed-amounts, processed or skipped, and into the plans of its table of contents. Checked here
 * first, so that a chain fails before its ingest starts when the prefix holds no run. The Glue
 * entry script passes it to ingest ({@code --ptlake_dirs_of_run}), so that a Step Functions chain
 * needs no folder list: it may be longer than a state's payload; {@link #main} does the same for
 * EMR steps.
 */
public final class RunFolders {
  private static final String REPORT_PREFIX = "preprocess-many-";

  private RunFolders() {}

  /**
   * {@code RunFolders PREFIX COMMAND [ARGS...]}: runs the ptlake command with the run under PREFIX
   * appended, e.g. {@code RunFolders s3://lake/_staging/2026-11 ingest --database ptlake}. The
   * spark-submit class of an EMR ingest step that follows a preprocess-many step.
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

  /**
   * {@code prefix}, once a run report is found under it.
   *
   * @throws IOException when {@code prefix} holds no preprocess-many report
   */
  public static List<String> ingestDirs(Storage storage, String prefix) throws IOException {
    String runs = Storage.child(prefix, PreprocessManyJob.RUNS_FOLDER);
    if (latestReport(storage, runs).isEmpty()) {
      throw new IOException("Cannot list the folders of the preprocess-many run under " + prefix
          + " because " + runs + " holds no " + REPORT_PREFIX + "*.json report");
    }
    return List.of(prefix);
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
