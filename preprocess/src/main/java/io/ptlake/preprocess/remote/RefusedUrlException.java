package io.ptlake.preprocess.remote;

import io.ptlake.preprocess.storage.PermanentReadException;
import java.net.URI;

/** A URL that the {@link NetworkPolicy} does not let the preprocessor fetch. */
public final class RefusedUrlException extends PermanentReadException {
  private final String reason;

  public RefusedUrlException(URI uri, String reason) {
    super("Refusing to fetch " + redact(uri) + " because " + reason);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  /** The URL without its query, which often holds a signature. */
  public static String redact(URI uri) {
    return redact(uri.toString());
  }

  /**
   * {@link #redact(URI)} for text that may not even parse as a URI: the query and any user
   * credentials before the host are cut out.
   */
  public static String redact(String url) {
    int query = url.indexOf('?');
    String text = query < 0 ? url : url.substring(0, query) + "?…";
    int host = text.indexOf("://") + 3;
    int at = text.indexOf('@', host);
    int path = text.indexOf('/', host);
    if (host > 2 && at >= 0 && (path < 0 || at < path)) {
      text = text.substring(0, host) + "…@" + text.substring(at + 1);
    }
    return text;
  }
}
