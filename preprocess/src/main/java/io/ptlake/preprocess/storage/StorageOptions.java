package io.ptlake.preprocess.storage;

import java.net.URI;
import picocli.CommandLine.Option;

/** Options of every command that reads sources or writes chunks beyond the local disk. */
public final class StorageOptions {
  private static final int DEFAULT_PART_MB = (int) (StorageProperties.PART_SIZE_DEFAULT >> 20);

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region of S3 (default: AWS_REGION, the profile, then us-east-1).")
  String region;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (path-style addressing).")
  URI endpointUrl;

  @Option(
      names = "--s3-part-mb",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_PART_MB,
      description = "Part size of multipart uploads in MiB, at least 5 (default: ${DEFAULT-VALUE}).")
  int partMb = DEFAULT_PART_MB;

  @Option(
      names = "--s3-upload-parallelism",
      paramLabel = "N",
      defaultValue = "" + StorageProperties.UPLOAD_PARALLELISM_DEFAULT,
      description = "Parts uploading at once (default: ${DEFAULT-VALUE}).")
  int uploadParallelism = StorageProperties.UPLOAD_PARALLELISM_DEFAULT;

  @Option(
      names = "--sse",
      paramLabel = "none|s3|kms",
      defaultValue = StorageProperties.SSE_DEFAULT_OPTION,
      description =
          "Server-side encryption of every object written to S3: s3 (SSE-S3, AES256), kms"
              + " (SSE-KMS) or none (the bucket's default encryption) (default: ${DEFAULT-VALUE}).")
  String sse = StorageProperties.SSE_DEFAULT_OPTION;

  @Option(
      names = "--sse-kms-key-id",
      paramLabel = "ARN",
      description =
          "KMS key of --sse kms (ARN, key id or alias); without it S3 uses the aws/s3 key.")
  String sseKmsKeyId;

  @Option(
      names = "--allow-private-network",
      description =
          "Let URLs reach loopback, private and link-local addresses and use plain http"
              + " (refused by default: URLs in input files are untrusted).")
  boolean allowPrivateNetwork;

  public StorageProperties properties() {
    return StorageProperties.builder()
        .region(region)
        .endpoint(endpointUrl)
        .partSize((long) partMb << 20)
        .uploadParallelism(uploadParallelism)
        .allowPrivateNetwork(allowPrivateNetwork)
        .sse(sse)
        .sseKmsKeyId(sseKmsKeyId)
        .build();
  }
}
