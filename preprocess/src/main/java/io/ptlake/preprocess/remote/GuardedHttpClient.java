package io.ptlake.preprocess.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * GETs through the JDK HTTP client with the {@link NetworkPolicy} applied to the URL and to every
 * redirect target: the client itself never follows redirects.
 */
public final class GuardedHttpClient {
  public static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final NetworkPolicy policy;
  private final Duration responseTimeout;

  public GuardedHttpClient(NetworkPolicy policy, Duration connectTimeout, Duration responseTimeout) {
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout)
            .build();
    this.policy = policy;
    this.responseTimeout = responseTimeout;
  }

  public NetworkPolicy policy() {
    return policy;
  }

  /**
   * A GET of {@code uri} with the headers {@code headers} sets; redirects are followed (at most
   * {@value #MAX_REDIRECTS}) after checking each target. The response is the final one, whatever
   * its status; the caller closes its body.
   */
  public HttpResponse<InputStream> get(URI uri, Consumer<HttpRequest.Builder> headers)
      throws IOException {
    URI target = uri;
    for (int hop = 0; ; hop++) {
      policy.check(target);
      HttpRequest.Builder request = HttpRequest.newBuilder(target).GET().timeout(responseTimeout);
      headers.accept(request);
      HttpResponse<InputStream> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while fetching " + RefusedUrlException.redact(target));
      }
      Optional<String> location = response.headers().firstValue("Location");
      if (!isRedirect(response.statusCode()) || location.isEmpty()) {
        return response;
      }
      response.body().close();
      if (hop == MAX_REDIRECTS) {
        throw new RefusedUrlException(uri, "it redirects more than " + MAX_REDIRECTS + " times");
      }
      target = target.resolve(location.get());
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
