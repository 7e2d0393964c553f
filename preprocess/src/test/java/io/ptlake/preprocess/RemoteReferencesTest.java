package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ptlake.preprocess.remote.FetchLimits;
import io.ptlake.preprocess.remote.NetworkPolicy;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote provider files served by a loopback server: fetched once per URL, their groups written
 * under the referring ids with exact counts, and every kind of failure reported in the manifest
 * with the entry kept as it was.
 */
class RemoteReferencesTest {
  private static final String PROVIDER_FILE =
      "{\"version\":\"1.4.0\",\"provider_groups\":[{\"npi\":[1,2],\"tin\":{\"type\":\"ein\","
          + "\"value\":\"22-2222222\"}},{\"npi\":[3],\"tin\":{\"type\":\"ein\",\"value\":\"3\"}}]}";
  private static final FetchLimits LIMITS = new FetchLimits(1 << 20, Duration.ofSeconds(1), 4);
  private static final StorageProperties FAST_RETRIES =
      StorageProperties.builder().readRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5)).build();

  @TempDir Path dir;
  private static HttpServer server;
  private static ExecutorService handlers;
  private static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  @BeforeAll
  static void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    handlers = Executors.newCachedThreadPool();
    server.setExecutor(handlers);
    server.createContext("/", RemoteReferencesTest::handle);
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
    handlers.shutdownNow();
  }

  @BeforeEach
  void resetCounts() {
    requests.clear();
  }

  @Test
  void fetchedGroupsReplaceTheEntriesAndFailuresKeepThem() throws IOException {
    Path source = source(
        entry("1", url("/ok.json?sig=secret")), entry("2.0", url("/ok.json?sig=secret")),
        entry("3", url("/missing.json")), entry("4", url("/html")), entry("5", url("/endless")),
        entry("6", url("/slow")));
    Path out = dir.resolve("fast");

    Manifest manifest = run(source, out, NetworkPolicy.allowPrivateNetwork(), false);

    assertThat(requests.get("/ok.json")).as("fetched once for two ids").hasValue(1);
    // W(1) = W(2) = 1 + 2 = 3 from the file; W(3..6) = 1 (failed); W(7) = 1 (inline entry)
    assertThat(manifest.expectedRows()).isEqualTo(3 + 3 + 4 + 1);
    assertThat(manifest.count(Manifest.REMOTE_PROVIDER_REFERENCES)).isEqualTo(6);
    assertThat(manifest.count(Manifest.REMOTE_REFERENCE_FAILURES)).isEqualTo(4);
    assertThat(manifest.count(Manifest.REMOTE_PROVIDER_GROUPS)).isEqualTo(4);
    assertThat(manifest.count(Manifest.UNDEFINED_REFERENCE_IDS)).isZero();
    List<Manifest.RemoteReference> remotes = manifest.remoteReferences();
    assertThat(remotes).extracting(Manifest.RemoteReference::url).containsExactly(
        url("/ok.json") + "?…", url("/missing.json"), url("/html"), url("/endless"), url("/slow"));
    assertThat(remotes).extracting(Manifest.RemoteReference::ids).containsExactly(
        List.of("1", "2"), List.of("3"), List.of("4"), List.of("5"), List.of("6"));
    assertThat(remotes.get(0).status()).isEqualTo(Manifest.REMOTE_FETCHED);
    assertThat(remotes.get(0).providerGroups()).isEqualTo(2);
    assertThat(remotes.subList(1, 5))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(Manifest.REMOTE_FAILED))
        .extracting(Manifest.RemoteReference::reason)
        .satisfiesExactly(
            reason -> assertThat(reason).contains("HTTP 404"),
            reason -> assertThat(reason).contains("not a provider file: Unexpected character ('<'"),
            reason -> assertThat(reason).contains("larger than the limit of 1048576 bytes"),
            reason -> assertThat(reason).contains("longer than the limit of 1 s"));
    assertThat(Files.readString(out.resolve(ManifestFields.MANIFEST_FILE))).doesNotContain("secret");

    String group1 = "{\"npi\":[1,2],\"tin\":{\"type\":\"ein\",\"value\":\"22-2222222\"}}";
    String group2 = "{\"npi\":[3],\"tin\":{\"type\":\"ein\",\"value\":\"3\"}}";
    assertThat(TicOracle.lines(out.resolve("provider_references/part-00000.jsonl"))).containsExactly(
        "{\"provider_group_id\":\"7\",\"provider_groups\":[{\"npi\":[9]}]}",
        "{\"provider_group_id\":\"1\",\"provider_groups\":[" + group1 + "]}",
        "{\"provider_group_id\":\"1\",\"provider_groups\":[" + group2 + "]}",
        "{\"provider_group_id\":\"2\",\"provider_groups\":[" + group1 + "]}",
        "{\"provider_group_id\":\"2\",\"provider_groups\":[" + group2 + "]}",
        entry("\"3\"", url("/missing.json")), entry("\"4\"", url("/html")),
        entry("\"5\"", url("/endless")), entry("\"6\"", url("/slow")));

    Path referenceOut = dir.resolve("reference");
    Manifest reference = run(source, referenceOut, NetworkPolicy.allowPrivateNetwork(), true);
    assertThat(reference.counts()).isEqualTo(manifest.counts());
    assertThat(reference.expectedRows()).isEqualTo(manifest.expectedRows());
    assertThat(reference.remoteReferences()).isEqualTo(remotes);
    assertThat(Files.readString(referenceOut.resolve("provider_references/part-00000.jsonl")))
        .isEqualTo(Files.readString(out.resolve("provider_references/part-00000.jsonl")));
  }

  @Test
  void theNetworkGuardRefusesLoopbackWithoutTheFlag() throws IOException {
    Path source = source(entry("1", url("/ok.json")));

    Manifest manifest = run(source, dir.resolve("out"), NetworkPolicy.publicOnly(), false);

    assertThat(requests).isEmpty();
    assertThat(manifest.count(Manifest.REMOTE_REFERENCE_FAILURES)).isEqualTo(1);
    assertThat(manifest.remoteReferences().get(0).reason())
        .contains("is a loopback address (--allow-private-network allows it)");
    // W(1) = 1 as for any failure; ids 2 to 6 are undefined here: 1 + 1 + 4 + 1
    assertThat(manifest.expectedRows()).isEqualTo(7);
  }

  @Test
  void onlyHttpsAndS3UrlsAreFetched() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.json"), PROVIDER_FILE);
    Path source = source(entry("1", "file://" + secret), entry("2", secret.toString()));

    Manifest manifest = run(source, dir.resolve("out"), NetworkPolicy.allowPrivateNetwork(), false);

    assertThat(manifest.remoteReferences()).extracting(Manifest.RemoteReference::reason)
        .containsOnly("its scheme is not https or s3");
  }

  /** A file whose rates reference ids 1, 2, [3, 4, 5, 6] and 7, one price each. */
  private Path source(String... remoteEntries) throws IOException {
    String json = "{\"provider_references\":[{\"provider_group_id\":7,\"provider_groups\":"
        + "[{\"npi\":[9]}]}," + String.join(",", remoteEntries) + "],\"in_network\":[{"
        + "\"billing_code\":\"A\",\"negotiated_rates\":["
        + rate("1") + "," + rate("2") + "," + rate("3,4,5,6") + "," + rate("7") + "]}]}";
    return Files.writeString(dir.resolve("source.json"), json);
  }

  /** A remote entry as written in a source ({@code id} a JSON value) and in the chunks. */
  private static String entry(String id, String location) {
    return "{\"provider_group_id\":" + id + ",\"location\":\"" + location + "\"}";
  }

  private static String rate(String ids) {
    return "{\"provider_references\":[" + ids + "],\"negotiated_prices\":[{\"negotiated_rate\":1}]}";
  }

  private static Manifest run(Path source, Path out, NetworkPolicy policy, boolean reference)
      throws IOException {
    try (Storage storage = Storage.withClients(FAST_RETRIES, null, policy)) {
      PreprocessConfig config = PreprocessConfig.builder(source.toString(), out)
          .input(storage.inputSource()).fetchLimits(LIMITS).build();
      return new Preprocessor(config, reference).run();
    }
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    try (exchange) {
      switch (path) {
        case "/ok.json" -> send(exchange, 200, PROVIDER_FILE);
        case "/html" -> send(exchange, 200, "<html><body>Sign in</body></html>");
        case "/endless" -> trickle(exchange, new byte[64 * 1024], 0);
        case "/slow" -> trickle(exchange, new byte[] {' '}, 100);
        default -> send(exchange, 404, "not found");
      }
    } catch (IOException | InterruptedException e) {
      // the client gave up on an endless or slow body: what these cases test
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Writes {@code block} every {@code pauseMillis} until the client goes away (or 30 s). */
  private static void trickle(HttpExchange exchange, byte[] block, long pauseMillis)
      throws IOException, InterruptedException {
    exchange.sendResponseHeaders(200, 0);
    OutputStream body = exchange.getResponseBody();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      body.write(block);
      body.flush();
      Thread.sleep(pauseMillis);
    }
  }
}
