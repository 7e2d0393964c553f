package io.ptlake.preprocess.storage;

import java.util.Locale;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * How S3 encrypts the objects the preprocessor writes: the {@code x-amz-server-side-encryption}
 * header of every PutObject and CreateMultipartUpload (UploadPart and CompleteMultipartUpload take
 * it from the upload). {@link #NONE} sends no header, so the bucket's default encryption applies.
 */
public enum ServerSideEncryption {
  /** No header: the bucket's default encryption (SSE-S3 unless the bucket says otherwise). */
  NONE("none", null),
  /** SSE-S3: {@code AES256}, keys managed by S3. */
  S3("s3", software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256),
  /** SSE-KMS: {@code aws:kms}, with the key of {@link StorageProperties#SSE_KMS_KEY_ID} or S3's default {@code aws/s3} key. */
  KMS("kms", software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS);

  private final String option;
  private final software.amazon.awssdk.services.s3.model.ServerSideEncryption header;

  ServerSideEncryption(
      String option, software.amazon.awssdk.services.s3.model.ServerSideEncryption header) {
    this.option = option;
    this.header = header;
  }

  /** The value as the command line writes it: none, s3 or kms. */
  public String option() {
    return option;
  }

  /** Parses none, s3 or kms (any case); anything else is refused with the choices. */
  public static ServerSideEncryption parse(String value) {
    String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (ServerSideEncryption sse : values()) {
      if (sse.option.equals(wanted)) {
        return sse;
      }
    }
    throw new IllegalArgumentException(
        "Invalid " + StorageProperties.SSE + " '" + value + "': expected none, s3 or kms");
  }

  /** Sets the encryption headers of {@code properties} on a PutObject. */
  static PutObjectRequest.Builder apply(PutObjectRequest.Builder request, StorageProperties properties) {
    ServerSideEncryption sse = properties.sse();
    if (sse != NONE) {
      request.serverSideEncryption(sse.header);
      properties.sseKmsKeyId().ifPresent(request::ssekmsKeyId);
    }
    return request;
  }

  /** Sets the encryption headers of {@code properties} on a CreateMultipartUpload. */
  static CreateMultipartUploadRequest.Builder apply(
      CreateMultipartUploadRequest.Builder request, StorageProperties properties) {
    ServerSideEncryption sse = properties.sse();
    if (sse != NONE) {
      request.serverSideEncryption(sse.header);
      properties.sseKmsKeyId().ifPresent(request::ssekmsKeyId);
    }
    return request;
  }
}
