package io.ptlake.preprocess;

import java.io.IOException;

/**
 * The source file is not a well-formed in-network (or allowed-amounts) file: bad or truncated
 * JSON or gzip, a wrong structure, or content after the top-level object. Retrying will not help.
 */
public class MalformedInputException extends IOException {
  private final String uri;
  private final String jsonPath;
  private final long byteOffset;

  /**
   * @param jsonPath where in the document, e.g. {@code in_network[3].negotiated_rates[2]}
   * @param byteOffset offset in the decompressed JSON
   */
  public MalformedInputException(
      String uri, String problem, String jsonPath, long byteOffset, int line, int column,
      Throwable cause) {
    super(
        String.format(
            "Cannot preprocess %s: %s in %s at byte offset %d (line %d, column %d)",
            uri, problem, jsonPath.isEmpty() ? "the top-level value" : jsonPath, byteOffset, line,
            column),
        cause);
    this.uri = uri;
    this.jsonPath = jsonPath;
    this.byteOffset = byteOffset;
  }

  public String uri() {
    return uri;
  }

  public String jsonPath() {
    return jsonPath;
  }

  public long byteOffset() {
    return byteOffset;
  }
}
