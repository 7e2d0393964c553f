package io.ptlake.spark.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.preprocess.storage.S3TestServer;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageProperties;
import io.ptlake.preprocess.toc.TocPreprocessor;
import io.ptlake.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Sources listed by S3 prefix and output on S3, through s3proxy in this JVM. The tasks build their
 * own clients from the settings, with credentials from the default chain (here the aws.*
 * system properties, as an instance role would give them on a cluster).
 */
class PreprocessManyS3Test {
  private static S3TestServer server;
  private static S3Client s3;

  @TempDir Path dir;

  @BeforeAll
  static void startS3() throws Exception {
    server = S3TestServer.start();
    s3 = server.client();
    s3.createBucket(r -> r.bucket("sources"));
    s3.createBucket(r -> r.bucket("lake"));
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
  }

  @AfterAll
  static void stopS3() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    s3.close();
    server.close();
  }

  @Test
  void filesUnderAPrefixArePreprocessedOntoS3AndARerunSkipsThemAll() throws Exception {
    List<Path> files = PreprocessManyJobTest.generate(dir.resolve("in"));
    for (Path file : files) {
      s3.putObject(r -> r.bucket("sources").key("2026-11/" + file.getFileName()),
          RequestBody.fromFile(file));
    }
    s3.putObject(r -> r.bucket("sources").key("2026-11/README.txt"), RequestBody.fromString("x"));
    StorageProperties storage = StorageProperties.builder()
        .endpoint(server.endpoint()).region("us-east-1").build();
    PreprocessSettings settings = new PreprocessSettings(storage, 1 << 20,
        PreprocessConfig.DEFAULT_CHUNK_CODEC, PreprocessConfig.DEFAULT_MAX_JSON_BYTES,
        io.ptlake.preprocess.remote.FetchLimits.DEFAULTS);

    PreprocessManyReport report = PreprocessManyJob.run(SharedSpark.session(),
        List.of("s3://sources/2026-11"), "s3://lake/out", settings, 0, null);

    // biggest stored size first (f1 is gzip: smaller than f0), README.txt not a source
    assertThat(report.files()).extracting(f -> f.source().uri() + " " + f.status())
        .containsExactly("s3://sources/2026-11/f2_in-network.json processed",
            "s3://sources/2026-11/f0_in-network.json processed",
            "s3://sources/2026-11/f1_in-network.json.gz processed");
    assertThat(report.files()).extracting(f -> f.source().sizeBytes()).containsExactly(
        Files.size(files.get(2)), Files.size(files.get(0)), Files.size(files.get(1)));
    try (Storage local = Storage.create(StorageProperties.defaults())) {
      for (Path file : files) {
        String name = TocPreprocessor.stableName("s3://sources/2026-11/" + file.getFileName());
        Path single = dir.resolve("single").resolve(name);
        new Preprocessor(PreprocessConfig.builder(file.toString(), single)
            .input(local.inputSource()).chunkBytes(1 << 20).build()).run();
        Map<String, String> chunks = objects("out/" + name + "/");
        assertThat(chunks.remove("manifest.json")).isNotNull();
        assertThat(chunks).isEqualTo(PreprocessManyJobTest.files(single));
      }
    }
    assertThat(objects("out/_runs/")).containsOnlyKeys(
        Path.of(report.location()).getFileName().toString());

    PreprocessManyReport rerun = PreprocessManyJob.run(SharedSpark.session(),
        List.of("s3://sources/2026-11/"), "s3://lake/out", settings, 0, null);

    // ListObjectsV2's ETag is HEAD's, which the manifests record
    assertThat(rerun.files()).extracting(FileOutcome::status)
        .containsExactly("skipped", "skipped", "skipped");
    try (Storage lake = Storage.create(storage)) {
      // The prefix: ingest expands it into the run's folders (IngestInputs, PlanTablesTest).
      assertThat(RunFolders.ingestDirs(lake, "s3://lake/out")).containsExactly("s3://lake/out");
    }
  }

  /** Objects under {@code prefix} of the lake bucket: relative key → SHA-256 of the content. */
  private static Map<String, String> objects(String prefix) throws Exception {
    Map<String, String> objects = new TreeMap<>();
    for (S3Object object :
        s3.listObjectsV2Paginator(r -> r.bucket("lake").prefix(prefix)).contents()) {
      byte[] content = s3.getObjectAsBytes(r -> r.bucket("lake").key(object.key())).asByteArray();
      objects.put(object.key().substring(prefix.length()),
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }
    return objects;
  }
}
