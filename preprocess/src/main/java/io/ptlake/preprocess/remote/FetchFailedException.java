package io.ptlake.preprocess.remote;

import java.io.IOException;

/** A remote file that could not be fetched within its limits; the message is the reason. */
public final class FetchFailedException extends IOException {
  public FetchFailedException(String reason) {
    super(reason);
  }
}
