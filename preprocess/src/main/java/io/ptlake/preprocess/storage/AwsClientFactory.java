package io.ptlake.preprocess.storage;

import java.time.Duration;
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
 * settings are decided in one place. Credentials always come from the SDK's default chain
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
    S3ClientBuilder builder =
        S3Client.builder()
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .maxConnections(properties.uploadParallelism() + SPARE_CONNECTIONS)
                    .socketTimeout(SOCKET_TIMEOUT))
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
    return builder.build();
  }

  private void applyRegion(S3ClientBuilder builder) {
    if (properties.region().isPresent()) {
      builder.region(Region.of(properties.region().get()));
      return;
    }
    try {
      builder.region(new DefaultAwsRegionProviderChain().getRegion());
    } catch (SdkClientException noRegionConfigured) {
      // A bucket's region is then found by the SDK on the first request.
      builder.region(FALLBACK_REGION).crossRegionAccessEnabled(properties.endpoint().isEmpty());
    }
  }
}
