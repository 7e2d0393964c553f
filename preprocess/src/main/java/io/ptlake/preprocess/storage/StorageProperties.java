package io.ptlake.preprocess.storage;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How sources are read and outputs written beyond the local file system: S3 client settings,
 * multipart uploads, resumable reads and the network policy of HTTPS fetches. Immutable; every
 * value is checked once, when built.
 */
public final class StorageProperties implements Serializable {
  // Shipped to Spark executors, which build their own clients from it (preprocess-many).
  private static final long serialVersionUID = 1L;


  /** AWS region; when unset, the SDK's region chain is used, then us-east-1 with cross-region access. */
  public static final String REGION = "region";

  /** An S3-compatible endpoint (MinIO, s3proxy, ...) instead of AWS S3. */
  public static final String ENDPOINT_URL = "endpoint-url";

  /** Path-style addressing; defaults to true when an endpoint is set, false otherwise. */
  public static final String PATH_STYLE = "path-style";

  /** Bytes of one multipart part; S3 needs at least 5 MiB. A smaller chunk is one PUT. */
  public static final String PART_SIZE = "s3.part-size-bytes";

  public static final long PART_SIZE_DEFAULT = 16L << 20;
  public static final long PART_SIZE_MIN = 5L << 20;

  /**
   * Parts uploading at once, over all open chunk files. Memory bound of S3 output: (this + open
   * chunk files) × part size.
   */
  public static final String UPLOAD_PARALLELISM = "s3.upload-parallelism";

  public static final int UPLOAD_PARALLELISM_DEFAULT = 2;

  /** Reopenings after a dropped read connection without progress in between. */
  public static final String READ_RETRIES = "read.retries";

  public static final int READ_RETRIES_DEFAULT = 6;

  /** First backoff before a reopening; it doubles up to the maximum, with full jitter. */
  public static final String READ_RETRY_BASE_DELAY = "read.retry-base-delay";

  public static final Duration READ_RETRY_BASE_DELAY_DEFAULT = Duration.ofMillis(250);
  public static final Duration READ_RETRY_MAX_DELAY_DEFAULT = Duration.ofSeconds(20);

  /** Connect timeout of HTTPS fetches. */
  public static final Duration HTTP_CONNECT_TIMEOUT_DEFAULT = Duration.ofSeconds(15);

  /** Time until the response headers of an HTTPS fetch arrive. */
  public static final Duration HTTP_RESPONSE_TIMEOUT_DEFAULT = Duration.ofSeconds(60);

  /**
   * Server-side encryption of every object written to S3 ({@link ServerSideEncryption}: none, s3
   * or kms); none leaves it to the bucket's default encryption.
   */
  public static final String SSE = "s3.sse";

  /** {@link #SSE_DEFAULT} as the option {@code --sse} takes it. */
  public static final String SSE_DEFAULT_OPTION = "none";
  public static final ServerSideEncryption SSE_DEFAULT = ServerSideEncryption.parse(SSE_DEFAULT_OPTION);

  /**
   * The KMS key (ARN, key id or alias) of SSE-KMS writes; only with {@code s3.sse=kms}. Unset with
   * kms, S3 uses the account's AWS managed key {@code aws/s3}.
   */
  public static final String SSE_KMS_KEY_ID = "s3.sse-kms-key-id";

  /** Lets HTTP(S) fetches reach loopback, private and link-local addresses and plain http. */
  public static final String ALLOW_PRIVATE_NETWORK = "allow-private-network";

  private final String region;
  private final URI endpoint;
  private final boolean pathStyle;
  private final long partSize;
  private final int uploadParallelism;
  private final int readRetries;
  private final Duration readRetryBaseDelay;
  private final Duration readRetryMaxDelay;
  private final boolean allowPrivateNetwork;
  private final ServerSideEncryption sse;
  private final String sseKmsKeyId;

  private StorageProperties(Builder b) {
    this.region = b.region;
    this.endpoint = b.endpoint;
    this.pathStyle = b.pathStyle != null ? b.pathStyle : b.endpoint != null;
    if (b.partSize < PART_SIZE_MIN) {
      throw new IllegalArgumentException(
          "Invalid " + PART_SIZE + " " + b.partSize + ": S3 needs at least " + PART_SIZE_MIN);
    }
    this.partSize = b.partSize;
    if (b.uploadParallelism < 1) {
      throw new IllegalArgumentException(
          "Invalid " + UPLOAD_PARALLELISM + " " + b.uploadParallelism + ": must be positive");
    }
    this.uploadParallelism = b.uploadParallelism;
    if (b.readRetries < 0) {
      throw new IllegalArgumentException("Invalid " + READ_RETRIES + " " + b.readRetries);
    }
    this.readRetries = b.readRetries;
    this.readRetryBaseDelay = Objects.requireNonNull(b.readRetryBaseDelay, READ_RETRY_BASE_DELAY);
    this.readRetryMaxDelay = Objects.requireNonNull(b.readRetryMaxDelay, "readRetryMaxDelay");
    this.allowPrivateNetwork = b.allowPrivateNetwork;
    this.sse = Objects.requireNonNull(b.sse, SSE);
    if (b.sseKmsKeyId != null) {
      if (b.sseKmsKeyId.isBlank() || !b.sseKmsKeyId.equals(b.sseKmsKeyId.strip())) {
        throw new IllegalArgumentException(
            "Invalid " + SSE_KMS_KEY_ID + " '" + b.sseKmsKeyId + "': expected a KMS key ARN,"
                + " key id or alias without spaces");
      }
      if (b.sse != ServerSideEncryption.KMS) {
        throw new IllegalArgumentException(
            "Invalid " + SSE_KMS_KEY_ID + ": a KMS key is used only with " + SSE + "=kms, not "
                + b.sse.option());
      }
    }
    this.sseKmsKeyId = b.sseKmsKeyId;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static StorageProperties defaults() {
    return builder().build();
  }

  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  public boolean pathStyle() {
    return pathStyle;
  }

  public long partSize() {
    return partSize;
  }

  public int uploadParallelism() {
    return uploadParallelism;
  }

  public int readRetries() {
    return readRetries;
  }

  public Duration readRetryBaseDelay() {
    return readRetryBaseDelay;
  }

  public Duration readRetryMaxDelay() {
    return readRetryMaxDelay;
  }

  public boolean allowPrivateNetwork() {
    return allowPrivateNetwork;
  }

  public ServerSideEncryption sse() {
    return sse;
  }

  /** The SSE-KMS key; empty unless {@link #sse()} is KMS and a key was given. */
  public Optional<String> sseKmsKeyId() {
    return Optional.ofNullable(sseKmsKeyId);
  }

  public static final class Builder {
    private String region;
    private URI endpoint;
    private Boolean pathStyle;
    private long partSize = PART_SIZE_DEFAULT;
    private int uploadParallelism = UPLOAD_PARALLELISM_DEFAULT;
    private int readRetries = READ_RETRIES_DEFAULT;
    private Duration readRetryBaseDelay = READ_RETRY_BASE_DELAY_DEFAULT;
    private Duration readRetryMaxDelay = READ_RETRY_MAX_DELAY_DEFAULT;
    private boolean allowPrivateNetwork;
    private ServerSideEncryption sse = SSE_DEFAULT;
    private String sseKmsKeyId;

    private Builder() {}

    public Builder region(String value) {
      this.region = value;
      return this;
    }

    public Builder endpoint(URI value) {
      this.endpoint = value;
      return this;
    }

    public Builder pathStyle(boolean value) {
      this.pathStyle = value;
      return this;
    }

    public Builder partSize(long value) {
      this.partSize = value;
      return this;
    }

    public Builder uploadParallelism(int value) {
      this.uploadParallelism = value;
      return this;
    }

    public Builder readRetries(int value) {
      this.readRetries = value;
      return this;
    }

    public Builder readRetryDelays(Duration base, Duration max) {
      this.readRetryBaseDelay = base;
      this.readRetryMaxDelay = max;
      return this;
    }

    public Builder allowPrivateNetwork(boolean value) {
      this.allowPrivateNetwork = value;
      return this;
    }

    public Builder sse(ServerSideEncryption value) {
      this.sse = value;
      return this;
    }

    /** none, s3 or kms, as the command line gives it. */
    public Builder sse(String value) {
      this.sse = ServerSideEncryption.parse(value);
      return this;
    }

    public Builder sseKmsKeyId(String value) {
      this.sseKmsKeyId = value;
      return this;
    }

    public StorageProperties build() {
      return new StorageProperties(this);
    }
  }
}
