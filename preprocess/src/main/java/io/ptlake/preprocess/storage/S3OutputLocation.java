package io.ptlake.preprocess.storage;

import io.ptlake.preprocess.OutputLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An output folder under {@code s3://bucket/prefix}. Files stream up as they are written
 * ({@link S3OutputStream}); {@link #publish} is a single PUT, which S3 makes visible atomically.
 * All streams of one location share a bounded number of parts in flight, so memory stays at
 * (open files + parallelism) × part size whatever the file sizes. Every object is written with
 * the server-side encryption of the properties ({@link ServerSideEncryption}).
 */
public final class S3OutputLocation implements OutputLocation {
  private static final int DELETE_BATCH = 1000;
  private static final int NOT_IMPLEMENTED = 501;

  private final S3Client s3;
  private final S3Uri root;
  private final StorageProperties properties;
  private final ExecutorService uploads;
  private final Semaphore partsInFlight;
  private volatile boolean multiDelete = true;

  S3OutputLocation(
      S3Client s3, S3Uri root, StorageProperties properties, ExecutorService uploads) {
    this.s3 = s3;
    this.root = root;
    this.properties = properties;
    this.uploads = uploads;
    this.partsInFlight = new Semaphore(properties.uploadParallelism());
  }

  /** The location of the folder {@code path} below this one. */
  public S3OutputLocation resolve(String path) {
    return new S3OutputLocation(
        s3, new S3Uri(root.bucket(), root.resolve(path)), properties, uploads);
  }

  public S3Uri root() {
    return root;
  }

  @Override
  public OutputStream create(String path) {
    return new S3OutputStream(s3, location(path), properties, uploads, partsInFlight);
  }

  @Override
  public void publish(String path, byte[] content) throws IOException {
    S3Uri location = location(path);
    try {
      s3.putObject(
          r -> ServerSideEncryption.apply(r.bucket(location.bucket()).key(location.key()), properties),
          RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw S3Errors.writeFailure("put", location, e);
    }
  }

  @Override
  public void delete(String path) throws IOException {
    S3Uri location = location(path);
    try {
      s3.deleteObject(r -> r.bucket(location.bucket()).key(location.key()));
    } catch (SdkException e) {
      throw S3Errors.writeFailure("delete", location, e);
    }
  }

  /**
   * Deletes every object under {@code path/} and aborts the multipart uploads that a killed run
   * left there, so that no orphaned parts keep costing storage.
   */
  @Override
  public void deleteDirectory(String path) throws IOException {
    S3Uri folder = location(path);
    String prefix = folder.prefix() + "/";
    try {
      List<ObjectIdentifier> batch = new ArrayList<>();
      for (S3Object object :
          s3.listObjectsV2Paginator(r -> r.bucket(folder.bucket()).prefix(prefix)).contents()) {
        batch.add(ObjectIdentifier.builder().key(object.key()).build());
        if (batch.size() == DELETE_BATCH) {
          deleteBatch(folder, batch);
        }
      }
      deleteBatch(folder, batch);
      for (MultipartUpload upload :
          s3.listMultipartUploadsPaginator(r -> r.bucket(folder.bucket()).prefix(prefix))
              .uploads()) {
        s3.abortMultipartUpload(
            r -> r.bucket(folder.bucket()).key(upload.key()).uploadId(upload.uploadId()));
      }
    } catch (SdkException e) {
      throw S3Errors.writeFailure("delete the folder", new S3Uri(folder.bucket(), prefix), e);
    }
  }

  private void deleteBatch(S3Uri folder, List<ObjectIdentifier> batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    if (!multiDelete) {
      for (ObjectIdentifier object : batch) {
        s3.deleteObject(r -> r.bucket(folder.bucket()).key(object.key()));
      }
      batch.clear();
      return;
    }
    DeleteObjectsResponse response;
    try {
      response =
          s3.deleteObjects(
              r -> r.bucket(folder.bucket()).delete(d -> d.objects(batch).quiet(true)));
    } catch (SdkException e) {
      if (S3Errors.status(e) != NOT_IMPLEMENTED) {
        throw e;
      }
      // Some S3-compatible stores (s3proxy among them) have no multi-object delete.
      multiDelete = false;
      deleteBatch(folder, batch);
      return;
    }
    if (response.hasErrors() && !response.errors().isEmpty()) {
      S3Error first = response.errors().get(0);
      throw new IOException(
          "Cannot delete " + response.errors().size() + " objects under " + folder
              + " because of " + first.code() + " on " + first.key() + ": " + first.message());
    }
    batch.clear();
  }

  private S3Uri location(String path) {
    return new S3Uri(root.bucket(), root.resolve(path));
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
