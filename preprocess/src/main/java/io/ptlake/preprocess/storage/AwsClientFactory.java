package io.ptlake.preprocess.storage;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds every AWS SDK client of the preprocessor, so that credentials, region, endpoint and HTTP
 * settings are decided in one place; spark-jobs' Glue client takes its region, credentials and
 * HTTP client from the static helpers here. Credentials always come from the SDK's default chain
 * (environment, profile, container or instance role).
 */
public final class AwsClientFactory {
  private static final Region FALLBACK_REGION = Region.US_EAST_1;
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
  private static final int SPARE_CONNECTIONS = 8;

  private final StorageProperties properties;

  public AwsClientFactory(StorageProperties properties) {
    this.properties = properties;
  }

  /**
   * An S3 client with the sync Apache HTTP client. With a custom endpoint (an S3-compatible store)
   * checksums are only sent where the API requires them, and as Content-MD5: several such stores
   * reject the SDK's default CRC32 aws-chunked uploads and its CRC32 on DeleteObjects.
   */
  public S3Client s3() {
    return configure(S3Client.builder()).build();
  }

  /**
   * Applies every setting to {@code builder}; tests then swap the credentials for static ones or
   * add an interceptor that records the requests.
   */
  S3ClientBuilder configure(S3ClientBuilder builder) {
    builder
        .credentialsProvider(credentials())
        .httpClientBuilder(httpClient(properties.uploadParallelism() + SPARE_CONNECTIONS))
        .forcePathStyle(properties.pathStyle());
    applyRegion(builder);
    properties
        .endpoint()
        .ifPresent(
            endpoint ->
                builder
                    .endpointOverride(endpoint)
                    .addPlugin(LegacyMd5Plugin.create())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
    return builder;
  }

  private void applyRegion(S3ClientBuilder builder) {
    Optional<Region> region = region(properties.region());
    if (region.isPresent()) {
      builder.region(region.get());
    } else {
      // A bucket's region is then found by the SDK on the first request.
      builder.region(FALLBACK_REGION).crossRegionAccessEnabled(properties.endpoint().isEmpty());
    }
  }

  /**
   * The region of every ptlake AWS client (S3 here, Glue in spark-jobs): {@code configured} (the
   * {@code --region} option), else the SDK's chain (AWS_REGION, the profile, instance metadata),
   * else empty; the caller picks its fallback (us-east-1).
   */
  public static Optional<Region> region(Optional<String> configured) {
    if (configured.isPresent()) {
      return Optional.of(Region.of(configured.get()));
    }
    try {
      return Optional.of(new DefaultAwsRegionProviderChain().getRegion());
    } catch (SdkClientException noRegionConfigured) {
      return Optional.empty();
    }
  }

  /** The credentials of every ptlake AWS client: the SDK's default chain. */
  public static AwsCredentialsProvider credentials() {
    return DefaultCredentialsProvider.builder().build();
  }

  /** The sync Apache HTTP client of every ptlake AWS client, with {@code maxConnections}. */
  public static ApacheHttpClient.Builder httpClient(int maxConnections) {
    return ApacheHttpClient.builder().maxConnections(maxConnections).socketTimeout(SOCKET_TIMEOUT);
  }
}
