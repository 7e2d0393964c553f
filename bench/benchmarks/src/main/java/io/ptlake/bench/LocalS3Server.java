package io.ptlake.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.filesystem.reference.FilesystemConstants;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An S3-compatible server on the loopback interface, so {@code ./ptlake preprocess s3://…} and the
 * S3 benchmark run without an AWS account: s3proxy over jclouds' filesystem blobstore, whose
 * objects are plain files under {@code --dir} (a 1 GB object neither sits in the heap nor is
 * lost when the server stops). Path-style addressing, signature V2 or V4 with a static key pair.
 */
@Command(name = "s3-server", mixinStandardHelpOptions = true,
    description = "Serves an S3-compatible API on 127.0.0.1 until stopped (Ctrl-C).")
public final class LocalS3Server implements Callable<Integer>, AutoCloseable {
  @Option(names = "--dir", defaultValue = "bench/data/s3",
      description = "Folder holding the buckets, one subfolder each (default: ${DEFAULT-VALUE}).")
  private Path dir;

  @Option(names = "--port", defaultValue = "9000",
      description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--access-key", defaultValue = "local",
      description = "Access key clients sign with (default: ${DEFAULT-VALUE}).")
  private String accessKey;

  @Option(names = "--secret-key", defaultValue = "local",
      description = "Secret key clients sign with (default: ${DEFAULT-VALUE}).")
  private String secretKey;

  @Option(names = "--bucket", defaultValue = "demo",
      description = "Bucket to create if absent; repeatable (default: ${DEFAULT-VALUE}).")
  private List<String> buckets = new ArrayList<>();

  @Option(names = "--put", paramLabel = "FILE=s3://BUCKET/KEY",
      description = "Store a local file as an object before serving; repeatable.")
  private List<String> puts = new ArrayList<>();

  private BlobStoreContext context;
  private S3Proxy proxy;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalS3Server()).execute(args));
  }

  /** A started server on {@code port} (0: any free port) over the buckets under {@code dir}. */
  public static LocalS3Server start(Path dir, int port, String accessKey, String secretKey)
      throws Exception {
    LocalS3Server server = new LocalS3Server();
    server.dir = dir;
    server.port = port;
    server.accessKey = accessKey;
    server.secretKey = secretKey;
    server.start();
    return server;
  }

  @Override
  public Integer call() throws Exception {
    start();
    for (String bucket : buckets) {
      createBucket(bucket);
    }
    for (String put : puts) {
      int eq = put.indexOf('=');
      URI target = eq < 1 ? null : URI.create(put.substring(eq + 1));
      if (target == null || !"s3".equals(target.getScheme()) || target.getPath().length() < 2) {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "--put wants FILE=s3://BUCKET/KEY, not " + put);
      }
      put(Path.of(put.substring(0, eq)), target.getHost(), target.getPath().substring(1));
    }
    System.out.printf("S3 endpoint %s (access key %s), buckets under %s; Ctrl-C stops it%n",
        endpoint(), accessKey, dir.toAbsolutePath());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    new CountDownLatch(1).await();
    return 0;
  }

  private void start() throws Exception {
    Files.createDirectories(dir);
    Properties overrides = new Properties();
    overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dir.toAbsolutePath().toString());
    context = ContextBuilder.newBuilder("filesystem")
        .credentials(accessKey, secretKey)
        .overrides(overrides)
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IOException("s3proxy did not start on port " + port + ": " + proxy.getState());
      }
      Thread.sleep(10);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  /**
   * Stores {@code file} as {@code s3://bucket/key} through the blobstore (a file copy, no HTTP),
   * unless an object of the same size is already there.
   */
  public void put(Path file, String bucket, String key) throws IOException {
    BlobStore store = context.getBlobStore();
    store.createContainerInLocation(null, bucket);
    long size = Files.size(file);
    if (store.blobExists(bucket, key)
        && store.blobMetadata(bucket, key).getContentMetadata().getContentLength() == size) {
      return;
    }
    Blob blob = store.blobBuilder(key).payload(file.toFile()).contentLength(size).build();
    store.putBlob(bucket, blob);
  }

  @Override
  public synchronized void close() {
    try {
      if (proxy != null) {
        proxy.stop();
        proxy = null;
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop s3proxy", e);
    } finally {
      if (context != null) {
        context.close();
        context = null;
      }
    }
  }
}
