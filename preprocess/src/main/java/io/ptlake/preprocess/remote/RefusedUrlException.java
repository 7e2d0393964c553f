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
    String text = uri.toString();
    int query = text.indexOf('?');
    return query < 0 ? text : text.substring(0, query) + "?…";
  }
}
