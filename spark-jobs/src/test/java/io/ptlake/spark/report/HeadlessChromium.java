package io.ptlake.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the DevTools protocol with the JDK's own WebSocket client: no
 * driver binary, no npm. It opens a page, records what the console and the browser log report
 * as errors, measures every chart the page drew, and takes a screenshot.
 */
final class HeadlessChromium implements AutoCloseable {
  /** Flags that work headless as root on these machines (no sandbox, no network of its own). */
  private static final List<String> FLAGS = List.of("--headless", "--no-sandbox",
      "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
      "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*");
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Each chart's size on the page and how many of its marks have a box of their own. */
  record Chart(String name, double width, double height, double contentWidth,
      double contentHeight, int marks, int drawnMarks) {}

  /** What one page showed. */
  record PageCheck(List<Chart> charts, List<String> errors, double pageHeight) {}

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>();

  private HeadlessChromium(Process process, Path profile, String endpoint) {
    this.process = process;
    this.profile = profile;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(endpoint), new Listener()).join();
  }

  /** Chromium from {@code PTLAKE_CHROMIUM}, else the first of its usual names on the PATH. */
  static Optional<Path> find() {
    String configured = System.getenv("PTLAKE_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of("chromium", "chromium-browser", "google-chrome")
        .flatMap(name -> Stream.of(path.split(":")).map(dir -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  static HeadlessChromium start(Path binary) throws IOException {
    Path profile = Files.createTempDirectory("ptlake-chromium-");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.add("about:blank");
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(
          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = err.readLine()) != null) {
          Matcher listening = LISTENING.matcher(line);
          if (listening.find()) {
            endpoint.complete(listening.group(1));
          }
        }
        endpoint.completeExceptionally(new IOException("Chromium ended before it listened"));
      } catch (IOException e) {
        endpoint.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return new HeadlessChromium(process, profile,
          endpoint.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      deleteTree(profile);
      throw new IOException("Cannot start " + binary + " with the DevTools protocol: " + e, e);
    }
  }

  /**
   * Opens {@code page} in a new tab {@code width} pixels wide, waits for its load event, measures
   * its charts ({@code svg.chart}) and writes a PNG of its first {@code maxHeight} pixels.
   */
  PageCheck check(URI page, int width, int maxHeight, Path screenshot) throws Exception {
    String target = send("Target.createTarget", params().put("url", "about:blank"), null)
        .path("targetId").asText();
    String session = send("Target.attachToTarget",
        params().put("targetId", target).put("flatten", true), null).path("sessionId").asText();
    send("Runtime.enable", params(), session);
    send("Log.enable", params(), session);
    send("Page.enable", params(), session);
    send("Emulation.setDeviceMetricsOverride", params().put("width", width).put("height", 900)
        .put("deviceScaleFactor", 1).put("mobile", false), session);
    send("Page.navigate", params().put("url", page.toString()), session);
    awaitEvent("Page.loadEventFired", session);
    JsonNode measured = send("Runtime.evaluate", params().put("returnByValue", true)
        .put("expression", MEASURE), session).path("result").path("value");
    List<Chart> charts = new ArrayList<>();
    for (JsonNode chart : JSON.readTree(measured.asText())) {
      charts.add(new Chart(chart.path("chart").asText(), chart.path("width").asDouble(),
          chart.path("height").asDouble(), chart.path("contentWidth").asDouble(),
          chart.path("contentHeight").asDouble(), chart.path("marks").asInt(),
          chart.path("drawn").asInt()));
    }
    double pageHeight = send("Page.getLayoutMetrics", params(), session)
        .path("cssContentSize").path("height").asDouble();
    ObjectNode clip = params().put("x", 0).put("y", 0).put("width", width)
        .put("height", Math.min(pageHeight, maxHeight)).put("scale", 1);
    ObjectNode shot = params().put("format", "png").put("captureBeyondViewport", true);
    shot.set("clip", clip);
    byte[] png = Base64.getDecoder().decode(
        send("Page.captureScreenshot", shot, session).path("data").asText());
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    Files.write(screenshot, png);
    return new PageCheck(charts, errors(session), pageHeight);
  }

  /** Script errors, console errors and the browser's own error log entries (a blocked load). */
  private List<String> errors(String session) {
    List<String> errors = new ArrayList<>();
    synchronized (events) {
      for (JsonNode event : events) {
        if (!session.equals(event.path("sessionId").asText())) {
          continue;
        }
        JsonNode params = event.path("params");
        switch (event.path("method").asText()) {
          case "Runtime.exceptionThrown" ->
              errors.add("exception: " + params.path("exceptionDetails").toString());
          case "Runtime.consoleAPICalled" -> {
            if (List.of("error", "assert").contains(params.path("type").asText())) {
              errors.add("console." + params.path("type").asText() + ": "
                  + params.path("args").toString());
            }
          }
          case "Log.entryAdded" -> {
            if ("error".equals(params.path("entry").path("level").asText())) {
              errors.add("log: " + params.path("entry").path("text").asText() + " "
                  + params.path("entry").path("url").asText());
            }
          }
          default -> {
          }
        }
      }
    }
    return errors;
  }

  /** Every chart's box and its marks' boxes, as the browser laid them out. */
  private static final String MEASURE = """
      JSON.stringify(Array.from(document.querySelectorAll('svg.chart')).map(svg => {
        const box = svg.getBoundingClientRect();
        const content = svg.getBBox();
        const marks = svg.querySelectorAll('rect.iqr, rect.bar, line.median, path.provider');
        let drawn = 0;
        marks.forEach(mark => {
          const b = mark.getBBox();
          if (b.width > 0 || b.height > 0) { drawn++; }
        });
        return {chart: svg.dataset.chart, width: box.width, height: box.height,
          contentWidth: content.width, contentHeight: content.height,
          marks: marks.length, drawn: drawn};
      }))""";

  private JsonNode send(String method, ObjectNode params, String session) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(JSON.writeValueAsString(message), true).join();
    JsonNode answer = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new IOException("Chromium refused " + method + ": " + answer.path("error"));
    }
    return answer.path("result");
  }

  private void awaitEvent(String method, String session) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (events) {
      while (events.stream().noneMatch(event -> method.equals(event.path("method").asText())
          && session.equals(event.path("sessionId").asText()))) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new IOException("Chromium sent no " + method + " within " + WAIT);
        }
        events.wait(left);
      }
    }
  }

  private static ObjectNode params() {
    return JSON.createObjectNode();
  }

  @Override
  public void close() throws IOException {
    try {
      socket.sendText("{\"id\":0,\"method\":\"Browser.close\"}", true);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Joins a message's frames, then hands replies to their callers and keeps events. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(text.toString());
          if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asInt());
            if (reply != null) {
              reply.complete(message);
            }
          } else {
            synchronized (events) {
              events.add(message);
              events.notifyAll();
            }
          }
        } catch (IOException e) {
          pending.values().forEach(reply -> reply.completeExceptionally(e));
        }
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
