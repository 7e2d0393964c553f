package io.ptlake.preprocess;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads (and so inflates) the decoded source on its own thread into a small ring of reused
 * blocks, while the caller's thread scans the previous ones: decompression and splitting run on
 * two cores. Memory is {@code blocks × blockBytes}, allocated once; no block is allocated per
 * read.
 *
 * <p>The reading thread only fills blocks. What goes wrong there (an {@link IOException} of the
 * stream, corrupt gzip included) is handed to the caller with the block it would have filled and
 * thrown from {@link #next}.
 */
final class BlockPipeline implements Closeable {
  /** One filled block: {@code length} bytes from {@code bytes[0]}; -1 at the end of the stream. */
  static final class Block {
    final byte[] bytes;
    int length;
    IOException failure;

    Block(int size) {
      this.bytes = new byte[size];
    }
  }

  private static final long JOIN_MILLIS = 10_000;

  private final InputStream in;
  private final BlockingQueue<Block> free;
  private final BlockingQueue<Block> filled;
  private final Thread reader;
  private volatile boolean closed;
  private boolean ended;

  BlockPipeline(InputStream in, int blockBytes, int blocks, String name) {
    this.in = in;
    this.free = new ArrayBlockingQueue<>(blocks);
    this.filled = new ArrayBlockingQueue<>(blocks);
    for (int i = 0; i < blocks; i++) {
      free.add(new Block(blockBytes));
    }
    this.reader = new Thread(this::fill, name);
    this.reader.setDaemon(true);
  }

  void start() {
    reader.start();
  }

  /**
   * The next filled block, to be given back with {@link #release} once scanned; a block of length
   * -1 marks the end of the stream.
   */
  Block next() throws IOException {
    if (ended) {
      throw new IllegalStateException("Cannot read past the end of the stream");
    }
    Block block;
    try {
      block = filled.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for source bytes");
    }
    if (block.failure != null) {
      ended = true;
      throw block.failure;
    }
    if (block.length < 0) {
      ended = true;
    }
    return block;
  }

  void release(Block block) {
    free.add(block);
  }

  private void fill() {
    try {
      while (!closed) {
        Block block = free.take();
        int length = 0;
        try {
          int n;
          while (length < block.bytes.length
              && (n = in.read(block.bytes, length, block.bytes.length - length)) >= 0) {
            length += n;
          }
        } catch (IOException e) {
          block.failure = e;
          block.length = -1;
          filled.put(block);
          return;
        }
        if (length > 0) {
          block.length = length;
          filled.put(block);
          if (length == block.bytes.length) {
            continue;
          }
          block = free.take();
        }
        block.length = -1;
        filled.put(block);
        return;
      }
    } catch (InterruptedException e) {
      // close(): the consumer is gone
    } catch (RuntimeException | Error e) {
      Block block = new Block(0);
      block.failure = new IOException("Cannot read the source: " + e, e);
      block.length = -1;
      try {
        filled.put(block);
      } catch (InterruptedException closing) {
        // close(): the consumer is gone
      }
    }
  }

  /**
   * Stops the reading thread. The caller closes the stream itself (which also unblocks a read
   * waiting on the network); this waits for the thread so the stream is no longer in use.
   */
  @Override
  public void close() throws IOException {
    closed = true;
    reader.interrupt();
    try {
      reader.join(TimeUnit.MILLISECONDS.toMillis(JOIN_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
