package io.ptlake.preprocess.storage;

import java.io.IOException;

/** A read failure that a retry cannot fix: missing object, denied access, changed object. */
public class PermanentReadException extends IOException {
  public PermanentReadException(String message) {
    super(message);
  }

  public PermanentReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
