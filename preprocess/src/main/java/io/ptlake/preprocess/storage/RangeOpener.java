package io.ptlake.preprocess.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a stored object from a byte position to its end. The first call pins the object's
 * version (ETag or Last-Modified); later calls only succeed for that same version, otherwise they
 * throw {@link ObjectChangedException}, so bytes of two versions are never stitched together.
 *
 * <p>Failures worth a retry (connection errors, 5xx, throttling) are plain {@link IOException}s;
 * those that a retry cannot fix are {@link PermanentReadException}s.
 */
public interface RangeOpener {

  /** The object's body from {@code position}; {@link Opened#length} is the whole object's size. */
  Opened open(long position) throws IOException;

  /** The object, for messages. */
  String describe();

  /**
   * An open body and the total object length, -1 when the server did not say.
   *
   * @param abort releases the connection without reading the rest of the body
   */
  record Opened(InputStream body, long length, Runnable abort) {}
}
