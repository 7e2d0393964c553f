package io.ptlake.preprocess.storage;

import java.net.URI;
import picocli.CommandLine.Option;

/** Options of every command that reads sources or writes chunks beyond the local disk. */
public final class StorageOptions {
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
      defaultValue = "16",
      description = "Part size of multipart uploads in MiB, at least 5 (default: ${DEFAULT-VALUE}).")
  int partMb = 16;

  @Option(
      names = "--s3-upload-parallelism",
      paramLabel = "N",
      defaultValue = "2",
      description = "Parts uploading at once (default: ${DEFAULT-VALUE}).")
  int uploadParallelism = StorageProperties.UPLOAD_PARALLELISM_DEFAULT;

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
        .build();
  }
}
