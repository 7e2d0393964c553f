package io.ptlake.preprocess.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy that breaks things on purpose: on the connections numbered in
 * {@code slowDownConnections} it answers the first request with 503 SlowDown; on the others it
 * resets the connection once {@code cutAfterBytes} response bytes went through it, at most
 * {@code maxCuts} times.
 */
final class FaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final long cutAfterBytes;
  private final int maxCuts;
  private final Set<Integer> slowDownConnections;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicInteger slowDowns = new AtomicInteger();

  FaultProxy(int targetPort, long cutAfterBytes, int maxCuts, Set<Integer> slowDownConnections)
      throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.cutAfterBytes = cutAfterBytes;
    this.maxCuts = maxCuts;
    this.slowDownConnections = slowDownConnections;
    threads.execute(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  int cuts() {
    return cuts.get();
  }

  int slowDowns() {
    return slowDowns.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        int number = connections.incrementAndGet();
        threads.execute(() -> serve(client, number));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client, int number) {
    try (client) {
      if (slowDownConnections.contains(number)) {
        readHead(client.getInputStream());
        slowDowns.incrementAndGet();
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
            + "<Message>Please reduce your request rate.</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
            + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return;
      }
      try (Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
        threads.execute(() -> pipe(client, target, Long.MAX_VALUE));
        pipe(target, client, cuts.get() < maxCuts ? cutAfterBytes : Long.MAX_VALUE);
      }
    } catch (IOException ignored) {
      // a peer went away: nothing to do in a test proxy
    }
  }

  /** Copies until EOF, or resets both sockets after {@code limit} bytes. */
  private void pipe(Socket from, Socket to, long limit) {
    byte[] buffer = new byte[8192];
    long copied = 0;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (copied + n > limit && cuts.incrementAndGet() <= maxCuts) {
          out.write(buffer, 0, (int) (limit - copied));
          out.flush();
          to.setSoLinger(true, 0);
          to.close();
          from.close();
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
        copied += n;
      }
      to.shutdownOutput();
    } catch (IOException ignored) {
      // the other direction closed the sockets
    }
  }

  private static void readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      byte[] h = head.toByteArray();
      int l = h.length;
      if (l >= 4 && h[l - 4] == '\r' && h[l - 3] == '\n' && h[l - 2] == '\r' && h[l - 1] == '\n') {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
