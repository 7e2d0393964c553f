package io.ptlake.preprocess.storage;

import io.ptlake.preprocess.InputSource;
import io.ptlake.preprocess.LocalInputSource;
import io.ptlake.preprocess.LocalOutputLocation;
import io.ptlake.preprocess.OutputLocation;
import io.ptlake.preprocess.remote.GuardedHttpClient;
import io.ptlake.preprocess.remote.NetworkPolicy;
import io.ptlake.preprocess.remote.RefusedUrlException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Resolves input URIs and output locations by scheme: a local path, {@code s3://bucket/key}, or
 * (input only) {@code https://}. Holds the clients, created on first use, and the upload threads;
 * close it after the run.
 */
public final class Storage implements Closeable {
  private final StorageProperties properties;
  private final Supplier<S3Client> s3;
  private final GuardedHttpClient http;
  private final boolean ownsS3;
  private S3Client s3Client;
  private ExecutorService uploads;

  private Storage(StorageProperties properties, Supplier<S3Client> s3, boolean ownsS3,
      NetworkPolicy policy) {
    this.properties = properties;
    this.ownsS3 = ownsS3;
    this.s3 = s3;
    this.http =
        new GuardedHttpClient(
            policy,
            StorageProperties.HTTP_CONNECT_TIMEOUT_DEFAULT,
            StorageProperties.HTTP_RESPONSE_TIMEOUT_DEFAULT);
  }

  /** Storage with clients built by {@link AwsClientFactory} from {@code properties}. */
  public static Storage create(StorageProperties properties) {
    AwsClientFactory factory = new AwsClientFactory(properties);
    return new Storage(
        properties, factory::s3, true, NetworkPolicy.of(properties.allowPrivateNetwork()));
  }

  /** Storage over a given S3 client (not closed by {@link #close}) and network policy: for tests. */
  public static Storage withClients(
      StorageProperties properties, S3Client s3, NetworkPolicy policy) {
    return new Storage(properties, () -> s3, false, policy);
  }

  public StorageProperties properties() {
    return properties;
  }

  public GuardedHttpClient http() {
    return http;
  }

  /** An input source that reads any URI this storage knows. */
  public InputSource inputSource() {
    return new ResolvingInputSource();
  }

  /** The output folder {@code uri}: {@code s3://bucket/prefix} or a local path. */
  public OutputLocation output(String uri) {
    if (S3Uri.isS3(uri)) {
      return new S3OutputLocation(s3Client(), S3Uri.parse(uri), properties, uploads());
    }
    return new LocalOutputLocation(Path.of(uri));
  }

  /**
   * The form of an input URI that manifests and the table's source_file record: a local path
   * made absolute, so lineage does not depend on the folder a command ran in; others unchanged.
   */
  public static String canonicalInput(String uri) {
    if (S3Uri.isS3(uri) || HttpInputSource.isHttp(uri)) {
      return uri;
    }
    return Path.of(uri).toAbsolutePath().normalize().toString();
  }

  /**
   * The form of an input URI that may be shown: in the manifest, errors, logs and summaries. An
   * http(s) URL loses its query and user info (a pre-signed URL's query is a credential); local
   * paths and s3:// URIs are shown as they are.
   */
  public static String displayUri(String uri) {
    return HttpInputSource.isHttp(uri) ? RefusedUrlException.redact(uri) : uri;
  }

  /** The sub-folder {@code name} of the output {@code uri}, in the same URI syntax. */
  public static String child(String uri, String name) {
    if (S3Uri.isS3(uri)) {
      S3Uri root = S3Uri.parse(uri);
      return new S3Uri(root.bucket(), root.resolve(name)).toString();
    }
    return Path.of(uri).resolve(name).toString();
  }

  /** The S3 client of this storage (created on first use), for listings; do not close it. */
  public S3Client s3() {
    return s3Client();
  }

  private synchronized S3Client s3Client() {
    if (s3Client == null) {
      s3Client = s3.get();
    }
    return s3Client;
  }

  private synchronized ExecutorService uploads() {
    if (uploads == null) {
      AtomicInteger threads = new AtomicInteger();
      uploads =
          Executors.newFixedThreadPool(
              properties.uploadParallelism(),
              task -> {
                Thread thread = new Thread(task, "ptlake-s3-upload-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
    }
    return uploads;
  }

  @Override
  public synchronized void close() {
    if (uploads != null) {
      uploads.shutdown();
    }
    if (ownsS3 && s3Client != null) {
      s3Client.close();
    }
  }

  private final class ResolvingInputSource implements InputSource {
    private final InputSource local = new LocalInputSource();

    @Override
    public InputStream open(String uri) throws IOException {
      return delegate(uri).open(uri);
    }

    @Override
    public long size(String uri) throws IOException {
      return delegate(uri).size(uri);
    }

    @Override
    public Stat stat(String uri) throws IOException {
      return delegate(uri).stat(uri);
    }

    private InputSource delegate(String uri) {
      if (S3Uri.isS3(uri)) {
        return new S3InputSource(Storage.this::s3Client, properties);
      }
      if (HttpInputSource.isHttp(uri)) {
        return new HttpInputSource(http, properties);
      }
      return local;
    }
  }
}
