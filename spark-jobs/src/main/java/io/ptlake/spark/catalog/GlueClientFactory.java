package io.ptlake.spark.catalog;

import io.ptlake.preprocess.storage.AwsClientFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

/**
 * Builds the Glue client with the region, credentials and HTTP client of preprocess's
 * {@link AwsClientFactory} (one place for them): the SDK's default credential chain (environment,
 * profile, container or instance role), the sync Apache HTTP client, region from the properties,
 * the SDK chain, then us-east-1. Retries are the
 * SDK's standard strategy with full-jitter exponential backoff, for throttling as for 5xx answers.
 */
public final class GlueClientFactory {
  private static final Region FALLBACK_REGION = Region.US_EAST_1;
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
        .credentialsProvider(AwsClientFactory.credentials())
        .httpClientBuilder(AwsClientFactory.httpClient(MAX_CONNECTIONS))
        .overrideConfiguration(config -> config.retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(properties.maxAttempts())
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                // A long registration must not stop retrying because earlier calls were throttled.
                .circuitBreakerEnabled(false)
                .build()));
    properties.endpoint().ifPresent(builder::endpointOverride);
    builder.region(AwsClientFactory.region(properties.region()).orElse(FALLBACK_REGION));
    return builder;
  }
}
