package io.ptlake.preprocess.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.InputSource;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.preprocess.remote.NetworkPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP(S) input: resumed after cuts and 503s to the same bytes; a changed file is refused. */
class HttpInputTest {
  private static final StorageProperties FAST_RETRIES =
      StorageProperties.builder()
          .readRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5))
          .build();

  @TempDir static Path dir;
  private static RangeServer server;
  private static byte[] gzipped;
  private static Map<String, byte[]> clean;

  @BeforeAll
  static void makeSourceAndCleanRun() throws IOException {
    Path json = dir.resolve("source.json");
    TicFileGenerator.write(GeneratorSpec.builder().seed(11).targetBytes(2L << 20).build(), json);
    gzipped = S3StorageTest.gzipMembers(Files.readAllBytes(json), 5);
    Path source = Files.write(dir.resolve("source.json.gz"), gzipped);
    Path out = dir.resolve("clean");
    new Preprocessor(PreprocessConfig.builder(source.toString(), out).chunkBytes(200 << 10).build())
        .run();
    clean = files(out);
    server = new RangeServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void cutsAndServiceUnavailableAreResumedToTheSameChunks() throws IOException {
    server.put("/in/a.json.gz", gzipped, "\"v1\"");
    server.faults(3, 100_000, 3);
    Path out = dir.resolve("resumed");
    try (Storage storage = loopbackStorage()) {
      Manifest manifest = new Preprocessor(
          PreprocessConfig.builder(server.url("/in/a.json.gz"), out)
              .input(storage.inputSource()).chunkBytes(200 << 10).build()).run();

      assertThat(manifest.source().sizeBytes()).isEqualTo(gzipped.length);
      assertThat(manifest.source().compression()).isEqualTo("gzip");
    }
    assertThat(server.requests()).isGreaterThanOrEqualTo(5);
    Map<String, byte[]> resumed = files(out);
    assertThat(resumed.keySet()).isEqualTo(clean.keySet());
    for (String path : clean.keySet()) {
      assertThat(resumed.get(path)).as(path).isEqualTo(clean.get(path));
    }
  }

  @Test
  void aFileThatChangesWhileReadIsNeverStitched() throws IOException {
    server.put("/in/b.json.gz", gzipped, "\"v1\"");
    server.faults(1, 50_000, -1);
    server.afterCut(() -> server.put("/in/b.json.gz", gzipped, "\"v2\""));
    try (Storage storage = loopbackStorage();
        InputStream in = storage.inputSource().open(server.url("/in/b.json.gz"))) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(ObjectChangedException.class)
          .hasMessageContaining("at byte 50000 because the file changed since the read started");
    } finally {
      server.afterCut(() -> {});
    }
  }

  @Test
  void retriesAreBounded() throws IOException {
    server.put("/in/c.json.gz", gzipped, "\"v1\"");
    server.faults(100, 0, -1);
    StorageProperties twoRetries = StorageProperties.builder()
        .readRetries(2).readRetryDelays(Duration.ofMillis(1), Duration.ofMillis(2)).build();
    try (Storage storage = Storage.withClients(twoRetries, null,
            NetworkPolicy.exempting(InetAddress::isLoopbackAddress));
        InputStream in = storage.inputSource().open(server.url("/in/c.json.gz"))) {
      assertThatThrownBy(in::readAllBytes)
          .hasMessageContaining("because it failed 3 times in a row");
    } finally {
      server.faults(0, Long.MAX_VALUE, -1);
    }
  }

  @Test
  void plainHttpAndLoopbackNeedTheFlag() {
    server.put("/in/d.json", new byte[] {'{', '}'}, "\"v1\"");
    try (Storage storage = Storage.withClients(FAST_RETRIES, null, NetworkPolicy.publicOnly())) {
      InputSource input = storage.inputSource();
      assertThatThrownBy(() -> input.size(server.url("/in/d.json")))
          .hasMessageContaining("a loopback address (--allow-private-network allows it)");
    }
    try (Storage storage = Storage.create(
        StorageProperties.builder().allowPrivateNetwork(true).build())) {
      assertThat(storage.inputSource().size(server.url("/in/d.json"))).isEqualTo(2);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Storage loopbackStorage() {
    return Storage.withClients(
        FAST_RETRIES, null, NetworkPolicy.exempting(InetAddress::isLoopbackAddress));
  }

  private static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String path = root.relativize(file).toString();
        if (!path.equals("manifest.json")) {
          files.put(path, Files.readAllBytes(file));
        }
      }
    }
    return files;
  }
}
