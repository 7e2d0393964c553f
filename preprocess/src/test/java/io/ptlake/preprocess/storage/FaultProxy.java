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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy that breaks things on purpose: on the connections numbered in
 * {@code slowDownConnections} it answers the first request with 503 SlowDown; on the others it
 * resets the connection once {@code cutAfterBytes} response bytes went through it, at most
 * {@code maxCuts} times. During an {@link #outage} every connection is reset. Shared with the
 * spark-jobs tests through this module's test jar.
 */
public final class FaultProxy implements AutoCloseable {
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
  private final AtomicInteger outages = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean outage;
  private volatile String outageTrigger;

  public FaultProxy(int targetPort, long cutAfterBytes, int maxCuts, Set<Integer> slowDownConnections)
      throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.cutAfterBytes = cutAfterBytes;
    this.maxCuts = maxCuts;
    this.slowDownConnections = slowDownConnections;
    threads.execute(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  public int cuts() {
    return cuts.get();
  }

  public int slowDowns() {
    return slowDowns.get();
  }

  /** How many outages started. */
  public int outages() {
    return outages.get();
  }

  /**
   * Starts or ends an outage: while it lasts, open connections are reset and new ones are reset
   * as soon as they are accepted, as when a store or the network in front of it goes away.
   */
  public void outage(boolean on) {
    outage = on;
    if (on) {
      outages.incrementAndGet();
      open.forEach(FaultProxy::reset);
    }
  }

  /**
   * Starts an outage when a request carries {@code text} (a header name, a path fragment), before
   * that request reaches the server: a fault at a chosen step of a client's work.
   */
  public void outageOn(String text) {
    outageTrigger = text;
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
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
    if (outage) {
      reset(client);
      return;
    }
    open.add(client);
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
        threads.execute(() -> pipe(client, target, Long.MAX_VALUE, true));
        pipe(target, client, cuts.get() < maxCuts ? cutAfterBytes : Long.MAX_VALUE, false);
      }
    } catch (IOException ignored) {
      // a peer went away: nothing to do in a test proxy
    } finally {
      open.remove(client);
    }
  }

  /**
   * Copies until EOF, or resets both sockets after {@code limit} bytes; the client's side
   * ({@code requests}) stops at the {@link #outageOn} text instead, which starts the outage.
   */
  private void pipe(Socket from, Socket to, long limit, boolean requests) {
    byte[] buffer = new byte[8192];
    long copied = 0;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (requests && triggersOutage(buffer, n)) {
          return;
        }
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

  private boolean triggersOutage(byte[] buffer, int length) {
    String trigger = outageTrigger;
    if (trigger == null
        || !new String(buffer, 0, length, StandardCharsets.ISO_8859_1).contains(trigger)) {
      return false;
    }
    outageTrigger = null;
    outage(true);
    return true;
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
