package io.ptlake.spark.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A single-node Trino server (coordinator and worker in one JVM) in a child process on a free
 * loopback port, for tests. The server and its connector plugins are the Maven artifacts that the
 * spark-jobs build unpacks into {@code target/trino} (system property {@value #HOME_PROPERTY});
 * Trino needs a Java of at least {@value #MIN_JAVA}, found by {@link #findJava()}. The child is
 * stopped by its PID in {@link #close()} and, should the test JVM end without calling it, by a
 * shutdown hook.
 */
final class TrinoServer implements AutoCloseable {
  static final String HOME_PROPERTY = "ptlake.trino.home";
  static final String JAVA_HOME_ENV = "TRINO_JAVA_HOME";
  static final int MIN_JAVA = 24;
  /** Where JDKs are looked for; a system property of that name moves it (to check the skip). */
  static final String JVM_DIR_PROPERTY = "ptlake.trino.jvm-dir";
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Pattern STARTUP_LINE =
      Pattern.compile("Server startup completed in (\\S+)");

  private final Process process;
  private final int port;
  private final Path log;
  private final long startNanos;
  private final Thread killer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Duration startup;

  private TrinoServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.startNanos = System.nanoTime();
    this.killer = new Thread(process::destroyForcibly, "trino-server-killer");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /**
   * The Java home to run Trino with: {@value #JAVA_HOME_ENV} when set (refused when older than
   * {@value #MIN_JAVA}), else the newest JDK of at least that version under /usr/lib/jvm (or the
   * folder {@value #JVM_DIR_PROPERTY} names).
   */
  static Optional<Path> findJava() {
    String configured = System.getenv(JAVA_HOME_ENV);
    if (configured != null && !configured.isBlank()) {
      Path home = Path.of(configured);
      int version = javaVersion(home);
      if (version < MIN_JAVA) {
        throw new IllegalStateException("Cannot run Trino with " + JAVA_HOME_ENV + "=" + home
            + " because it is " + (version == 0 ? "not a Java home (no release file)"
                : "Java " + version) + "; Trino " + "needs Java " + MIN_JAVA + " or newer");
      }
      return Optional.of(home);
    }
    Path jvms = Path.of(System.getProperty(JVM_DIR_PROPERTY, "/usr/lib/jvm"));
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
          .filter(home -> javaVersion(home) >= MIN_JAVA)
          .max(Comparator.comparingInt(TrinoServer::javaVersion));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + jvms, e);
    }
  }

  /** The feature version a JDK's {@code release} file names ({@code JAVA_VERSION="25.0.3"}); 0 if none. */
  static int javaVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(release)) {
      return lines.filter(line -> line.startsWith("JAVA_VERSION="))
          .map(line -> line.replaceAll("[^0-9.]", ""))
          .map(version -> version.startsWith("1.") ? version.substring(2) : version)
          .map(version -> Integer.parseInt(version.split("\\.")[0]))
          .findFirst()
          .orElse(0);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** The unpacked server: {@value #HOME_PROPERTY}, holding {@code trino-server-core-*\/lib} and {@code plugin/}. */
  static Optional<Path> home() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home == null || !Files.isDirectory(Path.of(home, "plugin"))) {
      return Optional.empty();
    }
    return Optional.of(Path.of(home));
  }

  /**
   * Starts the server and returns without waiting for it ({@link #awaitReady}), so the caller can
   * do other work while Trino boots. {@code catalogs} are catalog name → connector properties;
   * configuration and the log go under {@code work}, the server's working folder.
   */
  static TrinoServer start(Path javaHome, Path home, Path work,
      Map<String, Map<String, String>> catalogs) throws IOException {
    Path lib = serverLib(home);
    Path etc = Files.createDirectories(work.resolve("etc"));
    Path catalogDir = Files.createDirectories(etc.resolve("catalog"));
    int port = freePort();
    Properties config = new Properties();
    config.setProperty("coordinator", "true");
    config.setProperty("node-scheduler.include-coordinator", "true");
    config.setProperty("http-server.http.port", Integer.toString(port));
    config.setProperty("discovery.uri", "http://127.0.0.1:" + port);
    config.setProperty("http-server.log.enabled", "false");
    config.setProperty("query.max-memory", "1GB");
    config.setProperty("plugin.dir", home.resolve("plugin").toString());
    config.setProperty("catalog.config-dir", catalogDir.toString());
    config.setProperty("node.environment", "ptlake_test");
    config.setProperty("node.id", "ptlake-test-" + port);
    config.setProperty("node.bind-ip", "127.0.0.1");
    config.setProperty("node.internal-address", "127.0.0.1");
    store(config, etc.resolve("config.properties"));
    for (Map.Entry<String, Map<String, String>> catalog : catalogs.entrySet()) {
      Properties properties = new Properties();
      properties.putAll(catalog.getValue());
      store(properties, catalogDir.resolve(catalog.getKey() + ".properties"));
    }
    List<String> command = new ArrayList<>(List.of(
        javaHome.resolve("bin/java").toString(), "-Xmx2G", "-XX:+UseG1GC",
        // C1 only: the start is JIT-bound and the test data small. Measured here (load ~15):
        // 18.1 s of CPU to a started server instead of 29.8 s, 37 s wall instead of 71 s.
        "-XX:TieredStopAtLevel=1",
        "-Djdk.attach.allowAttachSelf=true", "--enable-native-access=ALL-UNNAMED",
        // INT96 timestamps are read in the JVM's zone, the zone Spark's session wrote them in.
        "-Duser.timezone=" + TimeZone.getDefault().getID(),
        "-Dconfig=" + etc.resolve("config.properties"),
        "-cp", lib + "/*", "io.trino.server.TrinoServer"));
    Path log = work.resolve("server.log");
    Process process = new ProcessBuilder(command)
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new TrinoServer(process, port, log);
  }

  /**
   * Waits up to {@code timeout} from now until the server answers as started, failing with its
   * log's end if it dies or stalls.
   */
  void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      // Waiting on the process is the pause between polls, and notices at once that it died.
      if (process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("Trino exited with code " + process.exitValue()
            + " while starting; the end of " + log + ":\n" + logTail());
      }
      try {
        HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"starting\":false")) {
          startup = Duration.ofNanos(System.nanoTime() - startNanos);
          return;
        }
      } catch (IOException notListeningYet) {
        // The port opens a few seconds into the start.
      }
    }
    throw new IllegalStateException("Trino did not start within " + timeout + "; the end of "
        + log + ":\n" + logTail());
  }

  /** From the process start to the first answer as started (after the caller's other work). */
  Duration readyAfter() {
    return startup;
  }

  /** The server's own startup time, from its log ("Server startup completed in 20.09s"). */
  String reportedStartup() {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.map(STARTUP_LINE::matcher).filter(Matcher::find)
          .map(matcher -> matcher.group(1)).findFirst().orElse("(not logged)");
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read the log: " + e.getMessage() + ")";
    }
  }

  long pid() {
    return process.pid();
  }

  Connection connect(String catalog) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:trino://127.0.0.1:" + port + "/" + catalog + "?user=ptlake");
  }

  @Override
  public void close() throws InterruptedException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    Runtime.getRuntime().removeShutdownHook(killer);
  }

  private String logTail() {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read the log: " + e.getMessage() + ")";
    }
  }

  private static Path serverLib(Path home) throws IOException {
    try (Stream<Path> dirs = Files.list(home)) {
      return dirs.filter(dir -> dir.getFileName().toString().startsWith("trino-server"))
          .map(dir -> dir.resolve("lib"))
          .filter(Files::isDirectory)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("Cannot start Trino because " + home
              + " holds no trino-server-*/lib; run mvn process-test-resources"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void store(Properties properties, Path file) throws IOException {
    try (var out = Files.newBufferedWriter(file)) {
      properties.store(out, null);
    }
  }
}
