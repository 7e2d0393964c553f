package io.ptlake.preprocess;

/**
 * Told how far the read of a source has come, on the splitting thread, about every {@link
 * PreprocessConfig#PROGRESS_EVERY_BYTES} of JSON: cheap enough to call that often, so a listener
 * that prints throttles by time itself.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (jsonBytes, storedBytes, storedSize) -> {};

  /**
   * @param jsonBytes decoded JSON read so far
   * @param storedBytes stored (possibly gzip) bytes read so far, a little ahead of the JSON
   * @param storedSize the stored size of the source, -1 when unknown
   */
  void progress(long jsonBytes, long storedBytes, long storedSize);
}
