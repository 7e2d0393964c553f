package io.ptlake.spark.catalog;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How ptlake talks to the Glue Data Catalog: region, endpoint, retries and batch sizes. Immutable;
 * every value is checked once, when built.
 */
public final class GlueProperties {
  /** AWS region of the catalog; when unset, the SDK's region chain, then us-east-1. */
  public static final String REGION = "region";

  /** A Glue-compatible endpoint instead of AWS's (a test double, a VPC endpoint URL). */
  public static final String ENDPOINT_URL = "endpoint-url";

  /**
   * Attempts of one Glue call, the first included. Throttling and 5xx answers are retried by the
   * SDK with jittered exponential backoff; so are partitions that a batch call reports as throttled.
   */
  public static final String MAX_ATTEMPTS = "glue.max-attempts";

  public static final int MAX_ATTEMPTS_DEFAULT = 8;

  /** First backoff before a retry; it doubles up to {@link #RETRY_MAX_DELAY_DEFAULT}, full jitter. */
  public static final String RETRY_BASE_DELAY = "glue.retry-base-delay";

  public static final Duration RETRY_BASE_DELAY_DEFAULT = Duration.ofMillis(200);
  public static final Duration RETRY_MAX_DELAY_DEFAULT = Duration.ofSeconds(20);

  /** Partitions per BatchCreatePartition / BatchUpdatePartition call; Glue takes at most 100. */
  public static final String BATCH_SIZE = "glue.batch-size";

  public static final int BATCH_SIZE_DEFAULT = 100;
  public static final int BATCH_SIZE_MAX = 100;

  private final String region;
  private final URI endpoint;
  private final int maxAttempts;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final int batchSize;

  private GlueProperties(Builder b) {
    if (b.maxAttempts < 1) {
      throw new IllegalArgumentException("Invalid " + MAX_ATTEMPTS + " " + b.maxAttempts
          + ": at least 1");
    }
    if (b.batchSize < 1 || b.batchSize > BATCH_SIZE_MAX) {
      throw new IllegalArgumentException("Invalid " + BATCH_SIZE + " " + b.batchSize
          + ": Glue takes 1 to " + BATCH_SIZE_MAX + " partitions a call");
    }
    if (b.retryBaseDelay.isNegative() || b.retryMaxDelay.compareTo(b.retryBaseDelay) < 0) {
      throw new IllegalArgumentException("Invalid " + RETRY_BASE_DELAY + " " + b.retryBaseDelay
          + " with maximum " + b.retryMaxDelay);
    }
    this.region = b.region;
    this.endpoint = b.endpoint;
    this.maxAttempts = b.maxAttempts;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.batchSize = b.batchSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static GlueProperties defaults() {
    return builder().build();
  }

  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  public int batchSize() {
    return batchSize;
  }

  public static final class Builder {
    private String region;
    private URI endpoint;
    private int maxAttempts = MAX_ATTEMPTS_DEFAULT;
    private Duration retryBaseDelay = RETRY_BASE_DELAY_DEFAULT;
    private Duration retryMaxDelay = RETRY_MAX_DELAY_DEFAULT;
    private int batchSize = BATCH_SIZE_DEFAULT;

    private Builder() {}

    public Builder region(String value) {
      this.region = value;
      return this;
    }

    public Builder endpoint(URI value) {
      this.endpoint = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    public Builder retryDelays(Duration base, Duration max) {
      this.retryBaseDelay = base;
      this.retryMaxDelay = max;
      return this;
    }

    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    public GlueProperties build() {
      return new GlueProperties(this);
    }
  }
}
