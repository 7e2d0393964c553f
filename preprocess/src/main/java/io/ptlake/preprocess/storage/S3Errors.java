package io.ptlake.preprocess.storage;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** SDK exceptions become IOExceptions at the storage boundary, worded "Cannot X s3://... because Y". */
final class S3Errors {
  private S3Errors() {}

  /** The HTTP status of a service error, 0 for a client-side failure. */
  static int status(SdkException e) {
    return e instanceof AwsServiceException service ? service.statusCode() : 0;
  }

  /** A client error (403, 404, ...) cannot be fixed by retrying; the rest may be. */
  static IOException readFailure(String action, S3Uri location, SdkException e) {
    String message = "Cannot " + action + " " + location + " because " + reason(e);
    int status = status(e);
    boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
    return permanent ? new PermanentReadException(message, e) : new IOException(message, e);
  }

  static IOException writeFailure(String action, S3Uri location, SdkException e) {
    return new IOException("Cannot " + action + " " + location + " because " + reason(e), e);
  }

  private static String reason(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): "
          + service.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }
}
