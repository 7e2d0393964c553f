package io.ptlake.preprocess.storage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server of in-memory files with ranges, ETags and If-Range, which can cut the
 * first {@code cuts} bodies after {@code cutAfterBytes} and answer request number
 * {@code slowDownRequest} with 503.
 */
final class RangeServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, String> etags = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger cutsLeft = new AtomicInteger();
  private volatile long cutAfterBytes = Long.MAX_VALUE;
  private volatile int slowDownRequest = -1;
  private volatile Runnable afterCut = () -> {};

  RangeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  void put(String path, byte[] content, String etag) {
    files.put(path, content);
    etags.put(path, etag);
  }

  void faults(int cuts, long cutAfter, int slowDownRequestNumber) {
    cutsLeft.set(cuts);
    cutAfterBytes = cutAfter;
    slowDownRequest = slowDownRequestNumber;
  }

  void afterCut(Runnable action) {
    afterCut = action;
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int number = requests.incrementAndGet();
      String path = exchange.getRequestURI().getPath();
      byte[] content = files.get(path);
      if (number == slowDownRequest) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      if (content == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String etag = etags.get(path);
      exchange.getResponseHeaders().add("ETag", etag);
      exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
      String range = exchange.getRequestHeaders().getFirst("Range");
      String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
      int start = 0;
      int end = content.length - 1;
      int status = 200;
      if (range != null && (ifRange == null || ifRange.equals(etag))) {
        String spec = range.substring("bytes=".length());
        start = Integer.parseInt(spec.substring(0, spec.indexOf('-')));
        String last = spec.substring(spec.indexOf('-') + 1);
        end = last.isEmpty() ? end : Math.min(end, Integer.parseInt(last));
        status = 206;
        exchange.getResponseHeaders().add(
            "Content-Range", "bytes " + start + "-" + end + "/" + content.length);
      }
      int length = end - start + 1;
      exchange.sendResponseHeaders(status, length);
      OutputStream body = exchange.getResponseBody();
      if (length > cutAfterBytes && cutsLeft.getAndDecrement() > 0) {
        body.write(content, start, (int) cutAfterBytes);
        body.flush();
        afterCut.run();
        // Closing short of Content-Length drops the connection: the client sees a truncated body.
        throw new IOException("cut on purpose");
      }
      body.write(content, start, length);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
