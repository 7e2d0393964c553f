package io.ptlake.preprocess.storage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal S3 on a loopback port (JDK HttpServer) that records the method, query and headers of
 * every request as they arrive on the wire and answers PutObject, CreateMultipartUpload,
 * UploadPart, CompleteMultipartUpload and AbortMultipartUpload with well-formed responses. For
 * request headers that s3proxy refuses (it answers 501 to the server-side encryption headers).
 */
final class S3WireRecorder implements AutoCloseable {
  /** One request: S3's operation (from method and query) and a few headers. */
  record Request(String operation, Optional<String> sse, Optional<String> kmsKey) {
    boolean createsAnObject() {
      return operation.equals("PutObject") || operation.equals("CreateMultipartUpload");
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final AtomicInteger uploads = new AtomicInteger();

  private S3WireRecorder(HttpServer server) {
    this.server = server;
  }

  static S3WireRecorder start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    S3WireRecorder recorder = new S3WireRecorder(server);
    server.createContext("/", recorder::handle);
    server.start();
    return recorder;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream body = exchange.getRequestBody()) {
      body.transferTo(OutputStreamSink.INSTANCE);
      String method = exchange.getRequestMethod();
      String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
      String[] path = exchange.getRequestURI().getPath().substring(1).split("/", 2);
      String bucket = path[0];
      String key = path.length > 1 ? path[1] : "";
      String operation;
      String xml = null;
      int status = 200;
      if (method.equals("PUT") && query.contains("uploadId=")) {
        operation = "UploadPart";
      } else if (method.equals("PUT")) {
        operation = "PutObject";
      } else if (method.equals("POST") && query.startsWith("uploads")) {
        operation = "CreateMultipartUpload";
        xml = "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<Bucket>" + bucket + "</Bucket><Key>" + key + "</Key><UploadId>upload-"
            + uploads.incrementAndGet() + "</UploadId></InitiateMultipartUploadResult>";
      } else if (method.equals("POST") && query.contains("uploadId=")) {
        operation = "CompleteMultipartUpload";
        xml = "<CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<Bucket>" + bucket + "</Bucket><Key>" + key + "</Key><ETag>\"done-1\"</ETag>"
            + "</CompleteMultipartUploadResult>";
      } else if (method.equals("DELETE") && query.contains("uploadId=")) {
        operation = "AbortMultipartUpload";
        status = 204;
      } else {
        operation = method + " ?" + query;
        status = 501;
      }
      synchronized (this) {
        requests.add(new Request(operation,
            Optional.ofNullable(exchange.getRequestHeaders().getFirst(
                "x-amz-server-side-encryption")),
            Optional.ofNullable(exchange.getRequestHeaders().getFirst(
                "x-amz-server-side-encryption-aws-kms-key-id"))));
      }
      exchange.getResponseHeaders().add("ETag", "\"etag-" + requests().size() + "\"");
      exchange.getResponseHeaders().add("x-amz-request-id", "recorder");
      byte[] bytes = xml == null ? new byte[0] : xml.getBytes(StandardCharsets.UTF_8);
      if (status == 204 || bytes.length == 0) {
        exchange.sendResponseHeaders(status, -1);
      } else {
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Discards a request body. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
