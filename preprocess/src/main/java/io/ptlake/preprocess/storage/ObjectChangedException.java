package io.ptlake.preprocess.storage;

/** The object was replaced while it was read: resuming would stitch two versions together. */
public final class ObjectChangedException extends PermanentReadException {
  public ObjectChangedException(String message) {
    super(message);
  }
}
