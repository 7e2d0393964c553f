package io.ptlake.preprocess.storage;

import io.ptlake.preprocess.InputSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Reads {@code s3://bucket/key} objects with a {@link ResumableInputStream}: a dropped connection
 * is resumed by a ranged GET with {@code If-Match} on the ETag of the first response.
 */
public final class S3InputSource implements InputSource {
  private final Supplier<S3Client> s3;
  private final StorageProperties properties;

  public S3InputSource(Supplier<S3Client> s3, StorageProperties properties) {
    this.s3 = s3;
    this.properties = properties;
  }

  @Override
  public InputStream open(String uri) {
    return new ResumableInputStream(new S3RangeOpener(s3.get(), S3Uri.parse(uri)), properties);
  }

  @Override
  public long size(String uri) throws IOException {
    return head(S3Uri.parse(uri), false).contentLength();
  }

  /** HEAD: the size and ETag that ListObjectsV2 also gives; a missing object is NoSuchFile. */
  @Override
  public Stat stat(String uri) throws IOException {
    HeadObjectResponse head = head(S3Uri.parse(uri), true);
    return new Stat(head.contentLength(), head.eTag());
  }

  private HeadObjectResponse head(S3Uri location, boolean missingAsNoSuchFile)
      throws IOException {
    try {
      return s3.get().headObject(r -> r.bucket(location.bucket()).key(location.key()));
    } catch (SdkException e) {
      if (missingAsNoSuchFile && S3Errors.status(e) == 404) {
        throw new NoSuchFileException(location.toString());
      }
      throw S3Errors.readFailure("read the size of", location, e);
    }
  }

  /** Ranged GETs of one object, pinned to the ETag of the first. */
  static final class S3RangeOpener implements RangeOpener {
    private final S3Client s3;
    private final S3Uri location;
    private String etag;

    S3RangeOpener(S3Client s3, S3Uri location) {
      this.s3 = s3;
      this.location = location;
    }

    @Override
    public Opened open(long position) throws IOException {
      GetObjectRequest.Builder request =
          GetObjectRequest.builder().bucket(location.bucket()).key(location.key());
      if (position > 0) {
        request.range("bytes=" + position + "-");
      }
      if (etag != null) {
        request.ifMatch(etag);
      }
      ResponseInputStream<GetObjectResponse> body;
      try {
        body = s3.getObject(request.build());
      } catch (SdkException e) {
        if (S3Errors.status(e) == 412) {
          throw new ObjectChangedException(
              "Cannot resume " + location + " at byte " + position
                  + " because the object changed since the read started (ETag " + etag + ")");
        }
        throw S3Errors.readFailure("read", location, e);
      }
      GetObjectResponse response = body.response();
      if (etag == null) {
        etag = response.eTag();
      } else if (response.eTag() != null && !response.eTag().equals(etag)) {
        body.abort();
        throw new ObjectChangedException(
            "Cannot resume " + location + " because its ETag changed from " + etag + " to "
                + response.eTag());
      }
      long length = position + (response.contentLength() == null ? 0 : response.contentLength());
      return new Opened(body, response.contentLength() == null ? -1 : length, body::abort);
    }

    @Override
    public String describe() {
      return location.toString();
    }
  }
}
