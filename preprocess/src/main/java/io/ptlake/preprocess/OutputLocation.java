package io.ptlake.preprocess;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The directory a preprocessor run writes into. Paths are relative to it and use {@code /}.
 * An object-store implementation maps {@link #create} to a (multipart) upload completed on close
 * and {@link #publish} to a single PUT, which is atomic there.
 */
public interface OutputLocation {

  /**
   * Opens a new file, replacing any file at {@code path}. Its content is durable once the stream
   * is closed without error.
   */
  OutputStream create(String path) throws IOException;

  /** Writes a whole file so that readers see either nothing new or all of {@code content}. */
  void publish(String path, byte[] content) throws IOException;

  /** Deletes a file and whatever an interrupted {@link #publish} of it left; a missing file is not an error. */
  void delete(String path) throws IOException;

  /** Deletes a directory and everything under it; a missing directory is not an error. */
  void deleteDirectory(String path) throws IOException;
}
