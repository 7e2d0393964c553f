package io.ptlake.preprocess;

import java.io.IOException;

/**
 * The fast path cannot go on (malformed input, a limit, bytes whose rendering it does not
 * reproduce): the reference splitter must read the file. Carries no stack: it is control flow.
 */
final class FastPathUnsupported extends IOException {
  FastPathUnsupported(String reason) {
    super(reason, null);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
