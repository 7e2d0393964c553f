package io.ptlake.preprocess.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object written as it is produced. Up to one part size it is a single PUT on close; beyond,
 * a multipart upload (encrypted as the properties say: the PUT or the CreateMultipartUpload
 * carries the SSE headers, the parts inherit them) whose parts go up on a shared executor while the writer fills the next one.
 * The writer blocks when the location's parts in flight are all taken, which bounds memory.
 *
 * <p>Cleanup is certain: if anything fails, or the stream is {@link #abort aborted}, the upload is
 * aborted once every started part has finished, so S3 keeps no orphaned parts.
 */
final class S3OutputStream extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(S3OutputStream.class);
  private static final int FIRST_BUFFER_BYTES = 64 * 1024;

  private final S3Client s3;
  private final S3Uri location;
  private final StorageProperties properties;
  private final int partSize;
  private final ExecutorService uploads;
  private final Semaphore partsInFlight;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();

  private byte[] buffer = new byte[FIRST_BUFFER_BYTES];
  private int count;
  private String uploadId;

  S3OutputStream(
      S3Client s3,
      S3Uri location,
      StorageProperties properties,
      ExecutorService uploads,
      Semaphore partsInFlight) {
    this.s3 = s3;
    this.location = location;
    this.properties = properties;
    this.partSize = Math.toIntExact(properties.partSize());
    this.uploads = uploads;
    this.partsInFlight = partsInFlight;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed.get()) {
      throw new IOException("Cannot write to " + location + " because its stream is closed");
    }
    while (len > 0) {
      if (count == buffer.length) {
        if (buffer.length < partSize) {
          buffer = Arrays.copyOf(buffer, Math.min(partSize, buffer.length * 2));
        } else {
          uploadPart();
        }
      }
      int n = Math.min(len, buffer.length - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  /** Completes the object: visible in S3 once this returns without error. */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean completed = false;
    try {
      if (uploadId == null) {
        putWhole();
      } else {
        if (count > 0) {
          uploadPart();
        }
        completeUpload();
      }
      completed = true;
    } finally {
      buffer = null;
      if (!completed) {
        abortUpload();
      }
    }
  }

  /** Discards what was written: nothing becomes visible and no part is left behind. */
  void abort() {
    if (closed.compareAndSet(false, true)) {
      buffer = null;
      abortUpload();
    }
  }

  private void putWhole() throws IOException {
    byte[] content = buffer;
    int length = count;
    try {
      s3.putObject(
          r -> ServerSideEncryption.apply(r.bucket(location.bucket()).key(location.key()), properties),
          RequestBody.fromContentProvider(
              () -> new ByteArrayInputStream(content, 0, length), length, "application/octet-stream"));
    } catch (SdkException e) {
      throw S3Errors.writeFailure("put", location, e);
    }
  }

  private void uploadPart() throws IOException {
    failIfAPartFailed();
    try {
      if (uploadId == null) {
        uploadId =
            s3.createMultipartUpload(
                    r -> ServerSideEncryption.apply(
                        r.bucket(location.bucket()).key(location.key()), properties))
                .uploadId();
      }
      partsInFlight.acquire();
    } catch (SdkException e) {
      throw S3Errors.writeFailure("start a multipart upload of", location, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while uploading " + location);
    }
    byte[] content = buffer;
    int length = count;
    int partNumber = parts.size() + 1;
    String id = uploadId;
    buffer = new byte[partSize];
    count = 0;
    try {
      parts.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  String etag =
                      s3.uploadPart(
                              r ->
                                  r.bucket(location.bucket())
                                      .key(location.key())
                                      .uploadId(id)
                                      .partNumber(partNumber)
                                      .contentLength((long) length),
                              RequestBody.fromContentProvider(
                                  () -> new ByteArrayInputStream(content, 0, length),
                                  length,
                                  "application/octet-stream"))
                          .eTag();
                  return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
                } finally {
                  partsInFlight.release();
                }
              },
              uploads));
    } catch (RuntimeException rejected) {
      partsInFlight.release();
      throw new IOException("Cannot upload part " + partNumber + " of " + location, rejected);
    }
  }

  private void failIfAPartFailed() throws IOException {
    for (CompletableFuture<CompletedPart> part : parts) {
      if (part.isCompletedExceptionally()) {
        join(part);
      }
    }
  }

  private void completeUpload() throws IOException {
    List<CompletedPart> done = new ArrayList<>(parts.size());
    for (CompletableFuture<CompletedPart> part : parts) {
      done.add(join(part));
    }
    try {
      s3.completeMultipartUpload(
          r ->
              r.bucket(location.bucket())
                  .key(location.key())
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(done)));
    } catch (SdkException e) {
      throw S3Errors.writeFailure("complete the multipart upload of", location, e);
    }
  }

  private CompletedPart join(CompletableFuture<CompletedPart> part) throws IOException {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while uploading " + location);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
      if (cause instanceof SdkException sdk) {
        throw S3Errors.writeFailure("upload a part of", location, sdk);
      }
      throw new IOException("Cannot upload a part of " + location, cause);
    }
  }

  /** Waits for every started part (a part finishing after the abort would be orphaned), then aborts. */
  private void abortUpload() {
    if (uploadId == null) {
      return;
    }
    for (CompletableFuture<CompletedPart> part : parts) {
      try {
        part.join();
      } catch (RuntimeException ignored) {
        // its failure is what got us here, or is superseded by it
      }
    }
    try {
      s3.abortMultipartUpload(
          r -> r.bucket(location.bucket()).key(location.key()).uploadId(uploadId));
    } catch (SdkException e) {
      LOG.warn("Cannot abort the multipart upload {} of {}: {}", uploadId, location, e.toString());
    }
  }
}
