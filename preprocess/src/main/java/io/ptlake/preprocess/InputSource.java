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
}
