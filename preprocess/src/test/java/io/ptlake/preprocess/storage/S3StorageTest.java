package io.ptlake.preprocess.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.PreprocessCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.preprocess.remote.NetworkPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** S3 input and output against s3proxy, with a proxy that cuts connections and answers 503. */
class S3StorageTest {
  private static final String BUCKET = "ptlake";
  private static final StorageProperties FAST_RETRIES =
      StorageProperties.builder()
          .partSize(StorageProperties.PART_SIZE_MIN)
          .readRetryDelays(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5))
          .build();

  private static S3TestServer server;
  private static S3Client s3;

  @TempDir static Path dir;
  private static Path source;
  private static Path cleanOut;

  @BeforeAll
  static void startServerAndMakeSource() throws Exception {
    server = S3TestServer.start();
    s3 = server.client();
    s3.createBucket(r -> r.bucket(BUCKET));
    Path json = dir.resolve("source.json");
    TicFileGenerator.write(GeneratorSpec.builder().seed(7).targetBytes(3L << 20).build(), json);
    // Several gzip members: resuming must cross member boundaries too.
    source = dir.resolve("source.json.gz");
    Files.write(source, gzipMembers(Files.readAllBytes(json), 4));
    s3.putObject(r -> r.bucket(BUCKET).key("in/source.json.gz"), RequestBody.fromFile(source));
    cleanOut = dir.resolve("clean");
    new Preprocessor(PreprocessConfig.builder(source.toString(), cleanOut)
        .chunkBytes(256 << 10).build()).run();
  }

  @AfterAll
  static void stopServer() throws Exception {
    s3.close();
    server.close();
  }

  @Test
  void droppedConnectionsAndSlowDownsAreResumedToTheCleanRunsBytes() throws Exception {
    try (FaultProxy faults = new FaultProxy(server.port(), 150_000, 4, Set.of(2));
        S3Client faulty = server.client(URI.create("http://127.0.0.1:" + faults.port()));
        Storage storage = Storage.withClients(FAST_RETRIES, faulty, NetworkPolicy.publicOnly())) {
      Manifest manifest = preprocess(storage, "s3://ptlake/in/source.json.gz", "s3://ptlake/out/a");

      assertThat(faults.cuts()).isGreaterThanOrEqualTo(2);
      assertThat(faults.slowDowns()).isEqualTo(1);
      assertThat(manifest.source().sizeBytes()).isEqualTo(Files.size(source));
      assertSameChunks("out/a", manifest);
    }
  }

  @Test
  void aRerunReplacesThePrefixAndLeavesNoUploadsBehind() throws Exception {
    s3.putObject(r -> r.bucket(BUCKET).key("out/b/in_network/part-00999.jsonl"),
        RequestBody.fromString("stale"));
    s3.createMultipartUpload(r -> r.bucket(BUCKET).key("out/b/in_network/part-00998.jsonl"));
    try (Storage storage = Storage.withClients(FAST_RETRIES, s3, NetworkPolicy.publicOnly())) {
      preprocess(storage, source.toString(), "s3://ptlake/out/b");
      Manifest manifest = preprocess(storage, source.toString(), "s3://ptlake/out/b/");

      assertSameChunks("out/b", manifest);
      assertThat(keys("out/b/")).doesNotContain("out/b/in_network/part-00999.jsonl");
      assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("out/b/")).uploads())
          .isEmpty();
    }
  }

  @Test
  void largeFilesGoUpInPartsAndAFailedUploadIsAborted() throws Exception {
    byte[] content = new byte[(int) (StorageProperties.PART_SIZE_MIN * 2 + 12345)];
    new Random(1).nextBytes(content);
    try (Storage storage = Storage.withClients(FAST_RETRIES, s3, NetworkPolicy.publicOnly())) {
      S3OutputLocation out = (S3OutputLocation) storage.output("s3://ptlake/big");
      try (OutputStream stream = out.create("x/big.bin")) {
        for (int off = 0; off < content.length; off += 100_000) {
          stream.write(content, off, Math.min(100_000, content.length - off));
        }
      }
      assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("big/x/big.bin")).asByteArray())
          .isEqualTo(content);
      assertThat(s3.headObject(r -> r.bucket(BUCKET).key("big/x/big.bin")).eTag())
          .as("a multipart ETag").contains("-3");

      S3OutputStream aborted = (S3OutputStream) out.create("x/aborted.bin");
      aborted.write(content);
      aborted.abort();
      assertThat(keys("big/x/")).containsExactly("big/x/big.bin");
      assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("big/")).uploads())
          .isEmpty();
    }
  }

  @Test
  void aMissingObjectFailsAtOnce() {
    try (Storage storage = Storage.withClients(FAST_RETRIES, s3, NetworkPolicy.publicOnly())) {
      assertThatThrownBy(() -> storage.inputSource().size("s3://ptlake/in/missing.json"))
          .isInstanceOf(PermanentReadException.class)
          .hasMessageContaining("Cannot read the size of s3://ptlake/in/missing.json because");
    }
  }

  @Test
  void theCommandLineUsesTheDefaultCredentialChainAndAnEndpoint() {
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      int exit = new CommandLine(new PreprocessCommand())
          .setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute("s3://ptlake/in/source.json.gz", "--out", "s3://ptlake/out/cli",
              "--endpoint-url", server.endpoint().toString(), "--region", "us-east-1",
              "--chunk-mb", "1", "--quiet");

      assertThat(exit).as(err.toString()).isZero();
      assertThat(out.toString()).contains("\"source\":\"s3://ptlake/in/source.json.gz\"");
      assertThat(keys("out/cli/")).contains("out/cli/manifest.json", "out/cli/in_network/part-00000.jsonl");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  static Manifest preprocess(Storage storage, String input, String out) throws IOException {
    return new Preprocessor(PreprocessConfig.builder(input, storage.output(out))
        .input(storage.inputSource()).chunkBytes(256 << 10).build()).run();
  }

  private static void assertSameChunks(String prefix, Manifest manifest) throws IOException {
    TreeMap<String, byte[]> expected = new TreeMap<>();
    try (Stream<Path> files = Files.walk(cleanOut)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String path = cleanOut.relativize(file).toString();
        if (!path.equals("manifest.json")) {
          expected.put(path, Files.readAllBytes(file));
        }
      }
    }
    assertThat(manifest.chunks()).extracting(Manifest.Chunk::path)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(keys(prefix + "/")).hasSize(expected.size() + 1).contains(prefix + "/manifest.json");
    for (var chunk : expected.entrySet()) {
      byte[] actual = s3.getObjectAsBytes(
          r -> r.bucket(BUCKET).key(prefix + "/" + chunk.getKey())).asByteArray();
      assertThat(Arrays.equals(actual, chunk.getValue())).as(chunk.getKey()).isTrue();
    }
  }

  private static List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key).toList();
  }

  static byte[] gzipMembers(byte[] content, int members) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int step = content.length / members + 1;
    for (int start = 0; start < content.length; start += step) {
      try (GZIPOutputStream gzip = new GZIPOutputStream(bytes) {
        @Override
        public void close() throws IOException {
          finish();
        }
      }) {
        gzip.write(content, start, Math.min(step, content.length - start));
      }
    }
    return bytes.toByteArray();
  }
}
