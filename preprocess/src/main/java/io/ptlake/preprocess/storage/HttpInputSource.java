package io.ptlake.preprocess.storage;

import io.ptlake.preprocess.InputSource;
import io.ptlake.preprocess.remote.GuardedHttpClient;
import io.ptlake.preprocess.remote.RefusedUrlException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads {@code https://} (and, where the network policy allows, {@code http://}) URLs with a
 * {@link ResumableInputStream}: a dropped connection is resumed with {@code Range} and
 * {@code If-Range} on the first response's ETag (or Last-Modified), and a response for another
 * version of the file is refused.
 */
public final class HttpInputSource implements InputSource {
  private final GuardedHttpClient http;
  private final StorageProperties properties;

  public HttpInputSource(GuardedHttpClient http, StorageProperties properties) {
    this.http = http;
    this.properties = properties;
  }

  public static boolean isHttp(String uri) {
    return uri.regionMatches(true, 0, "https://", 0, 8) || uri.regionMatches(true, 0, "http://", 0, 7);
  }

  @Override
  public InputStream open(String uri) {
    return new ResumableInputStream(new HttpRangeOpener(http, URI.create(uri)), properties);
  }

  /**
   * A one-byte ranged GET, not a HEAD: pre-signed URLs are signed for GET only. -1 when the server
   * does not say.
   */
  @Override
  public long size(String uri) throws IOException {
    return stat(uri).sizeBytes();
  }

  /** The size as {@link #size}; the version is the ETag (weak ones too), else Last-Modified. */
  @Override
  public Stat stat(String uri) throws IOException {
    HttpResponse<InputStream> response =
        http.get(URI.create(uri), request -> request.header("Range", "bytes=0-0"));
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      HttpHeaders headers = response.headers();
      String version =
          headers.firstValue("ETag").or(() -> headers.firstValue("Last-Modified")).orElse(null);
      if (status == 206) {
        return new Stat(totalLength(headers).orElse(-1), version);
      }
      if (status == 200) {
        return new Stat(headers.firstValueAsLong("Content-Length").orElse(-1), version);
      }
      if (status == 404 || status == 410) {
        throw new NoSuchFileException(RefusedUrlException.redact(uri));
      }
      throw HttpRangeOpener.failure("read the size of", URI.create(uri), status);
    }
  }

  static OptionalLong totalLength(HttpHeaders headers) {
    Optional<String> range = headers.firstValue("Content-Range");
    if (range.isEmpty()) {
      return OptionalLong.empty();
    }
    String total = range.get().substring(range.get().indexOf('/') + 1).trim();
    return total.equals("*") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(total));
  }

  /** Ranged GETs of one URL, pinned to the validator of the first response. */
  static final class HttpRangeOpener implements RangeOpener {
    private final GuardedHttpClient http;
    private final URI uri;
    private String validator;

    HttpRangeOpener(GuardedHttpClient http, URI uri) {
      this.http = http;
      this.uri = uri;
    }

    @Override
    public Opened open(long position) throws IOException {
      if (position > 0 && validator == null) {
        throw new PermanentReadException(
            "Cannot resume " + describe() + " at byte " + position
                + " because the server sent neither a strong ETag nor Last-Modified");
      }
      HttpResponse<InputStream> response =
          http.get(
              uri,
              request -> {
                if (position > 0) {
                  request.header("Range", "bytes=" + position + "-");
                  request.header("If-Range", validator);
                }
              });
      int status = response.statusCode();
      HttpHeaders headers = response.headers();
      InputStream body = response.body();
      Runnable abort = () -> closeQuietly(body);
      if (position == 0 && status == 200) {
        validator = validator(headers);
        long length = headers.firstValueAsLong("Content-Length").orElse(-1);
        return new Opened(body, length, abort);
      }
      if (position > 0 && status == 206) {
        long start = rangeStart(headers);
        String now = validator(headers);
        if (start != position || (now != null && !now.equals(validator))) {
          abort.run();
          throw new ObjectChangedException(
              "Cannot resume " + describe() + " at byte " + position
                  + " because the server answered another range or version (Content-Range "
                  + headers.firstValue("Content-Range").orElse("none") + ")");
        }
        return new Opened(body, totalLength(headers).orElse(-1), abort);
      }
      abort.run();
      if (position > 0 && status == 200) {
        throw new ObjectChangedException(
            "Cannot resume " + describe() + " at byte " + position
                + " because the file changed since the read started (If-Range " + validator
                + " gave the whole file)");
      }
      throw failure("read", uri, status);
    }

    @Override
    public String describe() {
      return RefusedUrlException.redact(uri);
    }

    /** A strong ETag, else Last-Modified; If-Range takes no weak ETag. */
    private static String validator(HttpHeaders headers) {
      Optional<String> etag = headers.firstValue("ETag");
      if (etag.isPresent() && !etag.get().startsWith("W/")) {
        return etag.get();
      }
      return headers.firstValue("Last-Modified").orElse(null);
    }

    private static long rangeStart(HttpHeaders headers) {
      String range = headers.firstValue("Content-Range").orElse("");
      try {
        return Long.parseLong(range.substring(range.indexOf(' ') + 1, range.indexOf('-')).trim());
      } catch (RuntimeException e) {
        return -1;
      }
    }

    static IOException failure(String action, URI uri, int status) {
      String message =
          "Cannot " + action + " " + RefusedUrlException.redact(uri) + " because the server answered HTTP " + status;
      boolean retryable = status == 408 || status == 429 || status >= 500;
      return retryable ? new IOException(message) : new PermanentReadException(message);
    }

    private static void closeQuietly(InputStream body) {
      try {
        body.close();
      } catch (IOException ignored) {
        // the connection is being dropped anyway
      }
    }
  }
}
