package io.ptlake.preprocess.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sequential read of a stored object that survives dropped connections: when the body fails
 * (or ends before the object's length) the object is reopened at the last byte consumed, after a
 * exponential backoff with jitter, up to a bounded number of attempts without progress. A reader on
 * top (an inflater, a JSON parser) sees one uninterrupted stream, so its state is kept.
 *
 * <p>{@link #available()} reports at least 1 while the object has bytes left: before JDK 23,
 * GZIPInputStream only reads the next member of a multi-member gzip file when {@code available()}
 * is positive at a member boundary, and a network body often has 0 buffered there.
 */
public final class ResumableInputStream extends InputStream {
  private static final Logger LOG = LoggerFactory.getLogger(ResumableInputStream.class);

  private final RangeOpener opener;
  private final int maxRetries;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RangeOpener.Opened current;
  private long position;
  private long length = -1;
  private boolean endReached;
  private long reopenings;

  public ResumableInputStream(RangeOpener opener, StorageProperties properties) {
    this(opener, properties.readRetries(), properties.readRetryBaseDelay(),
        properties.readRetryMaxDelay());
  }

  ResumableInputStream(RangeOpener opener, int maxRetries, Duration baseDelay, Duration maxDelay) {
    this.opener = opener;
    this.maxRetries = maxRetries;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
  }

  /** Bytes consumed so far. */
  public long position() {
    return position;
  }

  /** How often the object was reopened after a failure. */
  public long reopenings() {
    return reopenings;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    int failures = 0;
    while (true) {
      if (endReached || (length >= 0 && position >= length)) {
        endReached = true;
        return -1;
      }
      try {
        if (current == null) {
          open();
        }
        int n = current.body().read(b, off, len);
        if (n > 0) {
          position += n;
          return n;
        }
        if (n < 0) {
          if (length < 0) {
            endReached = true;
            return -1;
          }
          throw new EOFException(
              "Connection closed at byte " + position + " of " + length);
        }
      } catch (PermanentReadException e) {
        throw e;
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        release(true);
        if (closed.get()) {
          throw e;
        }
        failures++;
        if (failures > maxRetries) {
          throw new IOException(
              String.format(
                  "Cannot read %s at byte %,d because it failed %d times in a row: %s",
                  opener.describe(), position, failures, e.getMessage()),
              e);
        }
        LOG.warn("Reopening {} at byte {} after: {}", opener.describe(), position, e.toString());
        backoff(failures);
        reopenings++;
      }
    }
  }

  @Override
  public int available() throws IOException {
    if (closed.get() || endReached || (length >= 0 && position >= length)) {
      return 0;
    }
    int buffered = 0;
    if (current != null) {
      try {
        buffered = current.body().available();
      } catch (IOException e) {
        buffered = 0;
      }
    }
    return Math.max(1, buffered);
  }

  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      release(!endReached);
    }
  }

  private void open() throws IOException {
    RangeOpener.Opened opened = opener.open(position);
    if (length < 0) {
      length = opened.length();
    }
    current = opened;
  }

  /** Drops the current body; {@code abort} when the rest of it must not be drained. */
  private void release(boolean abort) {
    RangeOpener.Opened body = current;
    current = null;
    if (body == null) {
      return;
    }
    if (abort) {
      body.abort().run();
    }
    try {
      body.body().close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("Ignoring failure to close a body of {}", opener.describe(), e);
    }
  }

  private void backoff(int failures) throws InterruptedIOException {
    long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(20, failures - 1));
    long delay = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting to reopen " + opener.describe());
    }
  }

  private void ensureOpen() throws IOException {
    if (closed.get()) {
      throw new IOException("Stream of " + opener.describe() + " is closed");
    }
  }
}
