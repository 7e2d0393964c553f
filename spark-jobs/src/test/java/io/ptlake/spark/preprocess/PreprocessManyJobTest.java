package io.ptlake.spark.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.ManifestReader;
import io.ptlake.preprocess.PreprocessCommand;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.preprocess.remote.FetchLimits;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageProperties;
import io.ptlake.preprocess.toc.TocPreprocessor;
import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.ingest.IngestInputs;
import io.ptlake.spark.cli.PtlakeCli;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * preprocess-many on the shared local[2] session, local sources and a table of contents served
 * over HTTP. The shared session gives one attempt per task (Spark's local[N]); retries are
 * {@link PreprocessManyRetryTest}'s.
 */
class PreprocessManyJobTest {
  private static final PreprocessSettings LOCAL = new PreprocessSettings(
      StorageProperties.defaults(), 64 << 10, PreprocessConfig.DEFAULT_CHUNK_CODEC,
      PreprocessConfig.DEFAULT_MAX_JSON_BYTES, FetchLimits.DEFAULTS);

  @TempDir Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void startTheSharedSession() {
    spark = SharedSpark.session();
  }

  /** Three generated files of 3, 30 and 90 items: about 6 KB, 60 KB and 180 KB. */
  static List<Path> generate(Path folder) throws IOException {
    Files.createDirectories(folder);
    List<Path> files = new ArrayList<>();
    int[] items = {3, 30, 90};
    for (int i = 0; i < items.length; i++) {
      Path file = folder.resolve("f" + i + "_in-network.json" + (i == 1 ? ".gz" : ""));
      TicFileGenerator.write(
          GeneratorSpec.builder().seed(10 + i).items(items[i]).gzip(i == 1).build(), file);
      files.add(file);
    }
    return files;
  }

  @Test
  void eachFileIsWhatPreprocessWritesAndTheBiggestIsScheduledFirst() throws IOException {
    List<Path> files = generate(dir.resolve("in"));
    Path out = dir.resolve("out");

    PreprocessManyReport report = PreprocessManyJob.run(
        spark, List.of(dir.resolve("in").toString()), out.toString(), LOCAL, 0, null);

    assertThat(report.files()).extracting(FileOutcome::status)
        .containsExactly("processed", "processed", "processed");
    // partition order is size order: the 90-item file first
    List<Long> sizes = report.files().stream().map(f -> f.source().sizeBytes()).toList();
    assertThat(sizes).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(report.files().get(0).source().uri()).isEqualTo(files.get(2).toString());
    assertThat(report.files()).extracting(FileOutcome::partition).containsExactly(0, 1, 2);
    // two task slots: the third task starts only once one of the first two has finished
    FileOutcome third = report.files().get(2);
    long firstFinish = Math.min(report.files().get(0).finishedAtMillis(),
        report.files().get(1).finishedAtMillis());
    assertThat(third.startedAtMillis()).isGreaterThanOrEqualTo(firstFinish);
    // as preprocess runs: reading through Storage (which also tries the remote provider URLs)
    try (Storage storage = Storage.create(StorageProperties.defaults())) {
      for (Path file : files) {
        Path single = dir.resolve("single").resolve(file.getFileName().toString());
        new Preprocessor(PreprocessConfig.builder(file.toString(), single)
            .input(storage.inputSource()).chunkBytes(LOCAL.chunkBytes()).build()).run();
        Path many = out.resolve(TocPreprocessor.stableName(file.toString()));
        assertSameOutput(many, single);
      }
    }
    Path reportFile = Path.of(report.location());
    assertThat(reportFile.getParent()).isEqualTo(out.resolve("_runs"));
    assertThat(Files.readString(reportFile)).isEqualTo(report.toJsonString())
        .contains("\"processed\" : 3", "\"skipped\" : 0", "\"failed\" : 0");
  }

  @Test
  void aRerunSkipsEveryFileAndAChangedFileIsProcessedAgain() throws IOException {
    List<Path> files = generate(dir.resolve("in"));
    Path list = Files.writeString(dir.resolve("sources.txt"),
        "# this month\n" + files.get(0) + "\n\n" + files.get(1) + "\n" + files.get(2) + "\n"
            + files.get(0) + "\n");
    String out = dir.resolve("out").toString();
    PreprocessManyJob.run(spark, List.of(list.toString()), out, LOCAL, 0, null);
    Path changedDir = dir.resolve("out").resolve(TocPreprocessor.stableName(files.get(0).toString()));
    Instant firstRun = manifest(changedDir).createdAt();

    PreprocessManyReport rerun =
        PreprocessManyJob.run(spark, List.of(list.toString()), out, LOCAL, 0, null);

    assertThat(rerun.files()).extracting(FileOutcome::status)
        .containsExactly("skipped", "skipped", "skipped");
    assertThat(rerun.toJsonString()).contains("\"processed\" : 0", "\"skipped\" : 3");
    assertThat(manifest(changedDir).createdAt()).isEqualTo(firstRun);

    // same name, other content and modification time: a new month's file at the same path
    TicFileGenerator.write(GeneratorSpec.builder().seed(99).items(4).build(), files.get(0));
    Files.setLastModifiedTime(files.get(0), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    PreprocessManyReport changed =
        PreprocessManyJob.run(spark, List.of(list.toString()), out, LOCAL, 0, null);

    assertThat(changed.files()).extracting(f -> f.source().uri() + " " + f.status())
        .containsExactlyInAnyOrder(files.get(0) + " processed", files.get(1) + " skipped",
            files.get(2) + " skipped");
    Manifest now = manifest(changedDir);
    assertThat(now.source().sizeBytes()).isEqualTo(Files.size(files.get(0)));
    assertThat(now.source().version()).isEqualTo("2030-01-01T00:00:00Z");
  }

  @Test
  void aBrokenFileFailsWithItsOffsetWhileTheOthersCompleteAndTheExitCodeIsOne()
      throws IOException {
    List<Path> files = generate(dir.resolve("in"));
    byte[] gzip = Files.readAllBytes(files.get(1));
    Path broken = dir.resolve("in").resolve("broken_in-network.json.gz");
    Files.write(broken, java.util.Arrays.copyOf(gzip, gzip.length / 2));
    Path out = dir.resolve("out");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    CommandLine ptlake = PtlakeCli.commandLine();
    ptlake.setOut(new PrintWriter(stdout));
    ptlake.setErr(new PrintWriter(stderr));

    int exit = ptlake.execute("preprocess-many", dir.resolve("in").toString(),
        "--out", out.toString(), "--chunk-mb", "1");

    assertThat(exit).as(stderr.toString()).isEqualTo(1);
    assertThat(stderr.toString()).contains("3 processed, 0 skipped, 1 failed");
    String report = stdout.toString();
    assertThat(report).contains("\"processed\" : 3", "\"failed\" : 1")
        .containsPattern("\"source\" : \"" + broken + "\",[^}]*\"status\" : \"failed\",[^}]*"
            + "\"attempts\" : 1,[^}]*\"error\" : \"Cannot preprocess " + broken
            + ": Cannot decompress gzip \\(Unexpected end of ZLIB input stream\\)[^\"]*at byte"
            + " offset [0-9]+[^}]*\"error_byte_offset\" : [0-9]+");
    Path brokenDir = out.resolve(TocPreprocessor.stableName(broken.toString()));
    assertThat(brokenDir.resolve("manifest.json")).doesNotExist();
    // what the Glue entry hands to ingest after this run: the prefix, which ingest expands into
    // the three good folders
    try (Storage storage = Storage.create(StorageProperties.defaults())) {
      assertThat(RunFolders.ingestDirs(storage, out.toString())).containsExactly(out.toString());
    }
    assertThat(IngestInputs.expand(List.of(out.toString()), new Configuration()).sources())
        .extracting(source -> Path.of(source.dir().toUri()))
        .containsExactlyInAnyOrder(files.stream()
            .map(file -> out.resolve(TocPreprocessor.stableName(file.toString())))
            .toArray(Path[]::new));
    for (Path file : files) {
      assertThat(out.resolve(TocPreprocessor.stableName(file.toString())).resolve("manifest.json"))
          .exists();
    }
  }

  @Test
  void aTableOfContentsOverHttpGivesTheFoldersAndTocManifestOfPreprocessToc() throws Exception {
    List<Path> files = generate(dir.resolve("in"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1));
      byte[] body = Files.readAllBytes(file);
      exchange.getResponseHeaders().add("ETag", "\"" + body.length + "-" + file.hashCode() + "\"");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream response = exchange.getResponseBody()) {
        response.write(body);
      }
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/in/";
      Files.writeString(dir.resolve("in/index.json"), """
          {"reporting_entity_name":"Acme","reporting_entity_type":"health insurance issuer",
           "reporting_structure":[
            {"reporting_plans":[{"plan_name":"P1","plan_id_type":"EIN","plan_id":"1","plan_market_type":"group"}],
             "in_network_files":[{"description":"a","location":"%1$s"},{"description":"b","location":"%2$s"}]},
            {"reporting_plans":[{"plan_name":"P2","plan_id_type":"EIN","plan_id":"2","plan_market_type":"group"}],
             "in_network_files":[{"description":"c","location":"%3$s"},{"description":"a","location":"%1$s"}]}],
           "version":"1.0.0"}
          """.formatted(base + files.get(0).getFileName(), base + files.get(1).getFileName(),
              base + files.get(2).getFileName()));
      String toc = base + "index.json";
      StringWriter err = new StringWriter();
      CommandLine preprocess = new CommandLine(new PreprocessCommand());
      preprocess.setErr(new PrintWriter(err));
      assertThat(preprocess.execute(toc, "--out", dir.resolve("single").toString(),
          "--allow-private-network", "--chunk-mb", "1", "--quiet")).as(err.toString()).isZero();

      // the listing on the driver obeys the network policy as the tasks do
      assertThatThrownBy(() -> PreprocessManyJob.run(spark, List.of(toc),
          dir.resolve("refused").toString(), LOCAL, 0, null))
          .isInstanceOf(IOException.class)
          .hasMessage("Refusing to fetch " + toc
              + " because 127.0.0.1 is a loopback address (--allow-private-network allows it)");
      StorageProperties privateNetwork =
          StorageProperties.builder().allowPrivateNetwork(true).build();
      PreprocessSettings settings = new PreprocessSettings(privateNetwork, 1 << 20,
          LOCAL.chunkCodec(), LOCAL.maxJsonBytes(), LOCAL.fetchLimits());
      PreprocessManyReport report = PreprocessManyJob.run(
          spark, List.of(toc), dir.resolve("many").toString(), settings, 0, null);

      assertThat(report.files()).extracting(FileOutcome::status)
          .containsExactly("processed", "processed", "processed");
      assertThat(report.files()).allSatisfy(f -> assertThat(f.source().version()).isNotNull());
      try (Stream<Path> folders = Files.list(dir.resolve("single"))) {
        for (Path single : folders.filter(Files::isDirectory).toList()) {
          assertSameOutput(dir.resolve("many").resolve(single.getFileName()), single);
        }
      }
      assertThat(withoutCreatedAt(dir.resolve("many/toc-manifest.json")))
          .isEqualTo(withoutCreatedAt(dir.resolve("single/toc-manifest.json")));
    } finally {
      server.stop(0);
    }
  }

  /** Same chunk files byte for byte; same manifest but for created_at. */
  static void assertSameOutput(Path many, Path single) throws IOException {
    assertThat(files(many)).isEqualTo(files(single));
    Manifest a = manifest(many);
    Manifest b = manifest(single);
    assertThat(a).usingRecursiveComparison().ignoringFields("createdAt").isEqualTo(b);
    assertThat(a.chunks()).isNotEmpty();
  }

  static Map<String, String> files(Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String name = folder.relativize(file).toString();
        if (!name.equals("manifest.json")) {
          files.put(name, java.util.HexFormat.of().formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  static Manifest manifest(Path folder) throws IOException {
    try (InputStream in = Files.newInputStream(folder.resolve("manifest.json"))) {
      return ManifestReader.read(in);
    }
  }

  private static String withoutCreatedAt(Path file) throws IOException {
    return Files.readString(file).replaceAll("\"created_at\" : \"[^\"]*\"", "");
  }
}
