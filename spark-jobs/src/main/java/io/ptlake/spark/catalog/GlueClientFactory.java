package io.ptlake.spark.catalog;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

/**
 * Builds the Glue client the way preprocess's {@code AwsClientFactory} builds its S3 client: the
 * SDK's default credential chain (environment, profile, container or instance role), the sync
 * Apache HTTP client, region from the properties, the SDK chain, then us-east-1. Retries are the
 * SDK's standard strategy with full-jitter exponential backoff, for throttling as for 5xx answers.
 */
public final class GlueClientFactory {
  private static final Region FALLBACK_REGION = Region.US_EAST_1;
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_CONNECTIONS = 4;

  private final GlueProperties properties;

  public GlueClientFactory(GlueProperties properties) {
    this.properties = properties;
  }

  public GlueClient glue() {
    return configure(GlueClient.builder()).build();
  }

  /** Applies every setting to {@code builder}; tests then swap the credentials for static ones. */
  GlueClientBuilder configure(GlueClientBuilder builder) {
    BackoffStrategy backoff = BackoffStrategy.exponentialDelay(
        properties.retryBaseDelay(), properties.retryMaxDelay());
    builder
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .httpClientBuilder(ApacheHttpClient.builder()
            .maxConnections(MAX_CONNECTIONS)
            .socketTimeout(SOCKET_TIMEOUT))
        .overrideConfiguration(config -> config.retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(properties.maxAttempts())
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                // A long registration must not stop retrying because earlier calls were throttled.
                .circuitBreakerEnabled(false)
                .build()));
    properties.endpoint().ifPresent(builder::endpointOverride);
    builder.region(region());
    return builder;
  }

  private Region region() {
    if (properties.region().isPresent()) {
      return Region.of(properties.region().get());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException noRegionConfigured) {
      return FALLBACK_REGION;
    }
  }
}
