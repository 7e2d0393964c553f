package io.ptlake.preprocess;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where source files are read from. The preprocessor reads a file once, sequentially, so an
 * object-store implementation only needs a streaming GET (and a HEAD for the size).
 */
public interface InputSource {

  /** Opens the file at {@code uri} for one sequential read of its stored bytes. */
  InputStream open(String uri) throws IOException;

  /** The stored size of the file in bytes (the compressed size of a gzip file). */
  long size(String uri) throws IOException;

  /**
   * The stored size and the version of the file, so that a later run can tell whether it changed:
   * the S3 or HTTP ETag, else the HTTP Last-Modified, else (local files) the last-modified time.
   *
   * @throws java.nio.file.NoSuchFileException when there is no file at {@code uri}
   */
  default Stat stat(String uri) throws IOException {
    return new Stat(size(uri), null);
  }

  /**
   * @param sizeBytes the stored size; -1 when a server does not say
   * @param version what changes when the content does; null when the store gives nothing
   */
  record Stat(long sizeBytes, String version) {}
}
