package io.ptlake.preprocess.remote;

import io.ptlake.preprocess.InputSource;
import io.ptlake.preprocess.toc.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Downloads a remote provider file (https, or s3 through the storage layer) into a local temp
 * file, gzip decoded, within {@link FetchLimits}. The JDK HTTP client bounds only the wait for the
 * response headers, so the whole fetch runs under a deadline of its own: when it passes, the
 * stream is closed and the fetching thread interrupted, which ends a read blocked on a silent
 * server as well as a retry backoff.
 */
public final class ProviderFileFetcher {
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final InputSource input;
  private final FetchLimits limits;
  private final ScheduledExecutorService timer;

  /**
   * @param input reads the URLs; for https it must apply the {@link NetworkPolicy}
   * @param timer runs the deadlines
   */
  public ProviderFileFetcher(InputSource input, FetchLimits limits, ScheduledExecutorService timer) {
    this.input = input;
    this.limits = limits;
    this.timer = timer;
  }

  /**
   * The decoded JSON of {@code url} in a new temp file, which the caller deletes.
   *
   * @throws FetchFailedException when the URL is not https, http or s3, or a limit is reached
   * @throws IOException when the file cannot be read (refused by the policy, HTTP errors, ...)
   */
  public Path download(String url) throws IOException {
    String scheme = url.substring(0, Math.max(0, url.indexOf("://"))).toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("s3")) {
      throw new FetchFailedException("its scheme is not https or s3");
    }
    Path file = Files.createTempFile("ptlake-provider-", ".json");
    Deadline deadline = new Deadline(Thread.currentThread());
    ScheduledFuture<?> alarm =
        timer.schedule(deadline::expire, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
    boolean done = false;
    try (InputStream stored = deadline.watch(input.open(url));
        InputStream json = SourceKind.decoded(stored);
        OutputStream out = Files.newOutputStream(file)) {
      copy(json, out);
      done = true;
      return file;
    } catch (IOException e) {
      if (deadline.expired()) {
        throw new FetchFailedException(
            "it took longer than the limit of " + limits.timeout().toSeconds()
                + " s (--remote-timeout-s)");
      }
      throw e;
    } finally {
      alarm.cancel(false);
      deadline.finish();
      if (!done) {
        Files.deleteIfExists(file);
      }
    }
  }

  private void copy(InputStream json, OutputStream out) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    long total = 0;
    for (int n; (n = json.read(buffer)) >= 0; ) {
      total += n;
      if (total > limits.maxJsonBytes()) {
        throw new FetchFailedException(
            "its JSON is larger than the limit of " + limits.maxJsonBytes()
                + " bytes (--remote-max-mb)");
      }
      out.write(buffer, 0, n);
    }
  }

  /** What the alarm and the fetching thread share; the lock keeps the interrupt inside a fetch. */
  private static final class Deadline {
    private final Thread worker;
    private InputStream stream;
    private boolean expired;
    private boolean finished;

    Deadline(Thread worker) {
      this.worker = worker;
    }

    synchronized InputStream watch(InputStream opened) throws IOException {
      if (expired) {
        opened.close();
        throw new FetchFailedException("the deadline passed while opening");
      }
      stream = opened;
      return opened;
    }

    synchronized void expire() {
      if (finished) {
        return;
      }
      expired = true;
      worker.interrupt();
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException ignored) {
          // the fetch fails anyway; its thread reports the deadline
        }
      }
    }

    synchronized boolean expired() {
      return expired;
    }

    /** After this no interrupt comes; one that came is cleared so the pool thread stays usable. */
    synchronized void finish() {
      finished = true;
      if (expired) {
        Thread.interrupted();
      }
    }
  }
}
