package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One read of a source file: decompression, the JSON parser, and the translation of what is
 * wrong with the file into a {@link MalformedInputException} that says where.
 */
final class SourceReader implements Closeable {
  static final String GZIP = "gzip";
  static final String NONE = "none";

  private static final int READ_BUFFER_BYTES = 256 * 1024;
  private static final int INFLATE_BUFFER_BYTES = 256 * 1024;

  /** Blocks handed from the reading (inflating) thread to the splitter: 4 × 1 MiB in flight. */
  private static final int PIPELINE_BLOCK_BYTES = 1 << 20;
  private static final int PIPELINE_BLOCKS = 4;

  /** Levels of a JSON path that an error names in full. */
  private static final int MAX_PATH_LEVELS = 24;

  private final String uri;
  private final long storedSize;
  private final long maxJsonBytes;
  private final CountingInputStream stored;
  private String compression = NONE;
  private CountingInputStream json;
  private JsonParser parser;
  private BlockPipeline pipeline;
  private FastTicSplitter raw;

  /**
   * @param uri the source as errors name it (already redacted)
   * @param storedSize the stored size, -1 when unknown: for progress only
   * @param maxJsonBytes more decoded JSON than this is a {@link MalformedInputException}
   */
  SourceReader(String uri, InputStream stored, long storedSize, long maxJsonBytes) {
    this.uri = uri;
    this.storedSize = storedSize;
    this.maxJsonBytes = maxJsonBytes;
    this.stored = new CountingInputStream(stored, Long.MAX_VALUE, count -> {});
  }

  /**
   * Splits the whole source into {@code writers}. Output errors propagate as they are; errors of
   * the source (JSON syntax or structure, read limits, truncated or corrupt gzip) become a
   * {@link MalformedInputException} with their position.
   */
  JacksonTicSplitter split(Map<ChunkKind, ChunkWriter> writers, ProgressListener progress)
      throws IOException {
    return splitWith(p -> new JacksonTicSplitter(p, writers), progress);
  }

  /**
   * Splits the whole source, an allowed-amounts file, into {@code writers}; errors as {@link
   * #split}.
   */
  AllowedAmountsSplitter splitAllowedAmounts(
      Map<ChunkKind, ChunkWriter> writers, ProgressListener progress) throws IOException {
    return splitWith(p -> new AllowedAmountsSplitter(p, writers), progress);
  }

  /** A {@code Function} that may throw: a splitter's constructor may open a generator. */
  private interface SplitterFactory<S extends JsonSplitter> {
    S create(JsonParser parser) throws IOException;
  }

  private <S extends JsonSplitter> S splitWith(SplitterFactory<S> factory,
      ProgressListener progress) throws IOException {
    try {
      json = new CountingInputStream(
          decode(), PreprocessConfig.PROGRESS_EVERY_BYTES, jsonProgress(progress));
      parser = TicJson.FACTORY.createParser(json);
      S splitter = factory.create(parser);
      splitter.split();
      return splitter;
    } catch (StreamReadException | StreamConstraintsException | EOFException | ZipException
        | BoundedJsonStream.LimitExceeded e) {
      throw malformed(e);
    }
  }

  /**
   * Splits the whole source with the fast {@link FastTicSplitter}, reading and inflating on a second
   * thread. Throws {@link FastPathUnsupported} for anything it does not accept, corrupt or
   * truncated gzip included: the caller then splits the source again with {@link #split}, which
   * produces the output or reports the error with its position. Output errors and errors of
   * reading the stored bytes propagate as they are.
   */
  FastTicSplitter splitRaw(Map<ChunkKind, ChunkWriter> writers, ProgressListener progress,
      ParallelScan.Sizes scan) throws IOException {
    try {
      // decode() reads the gzip header: a truncated one is malformed input too
      pipeline = new BlockPipeline(
          decode(), PIPELINE_BLOCK_BYTES, PIPELINE_BLOCKS, "ptlake-read " + uri);
      pipeline.start();
      raw = new FastTicSplitter(pipeline, writers, jsonProgress(progress), scan);
      raw.split();
    } catch (EOFException | ZipException e) {
      throw new FastPathUnsupported("cannot decompress: " + e.getMessage());
    } catch (BoundedJsonStream.LimitExceeded e) {
      throw new FastPathUnsupported(e.getMessage());
    }
    return raw;
  }

  /** The stored bytes are read on the pipeline's thread: their count is read here as it is. */
  private LongConsumer jsonProgress(ProgressListener progress) {
    return jsonBytes -> progress.progress(jsonBytes, stored.count(), storedSize);
  }

  /** {@code gzip} or {@code none}, as in the manifest's {@code source.compression}. */
  String compression() {
    return compression;
  }

  /** Bytes of decompressed JSON read so far. */
  long jsonBytes() {
    if (raw != null) {
      return raw.jsonBytes();
    }
    return json == null ? 0 : json.count();
  }

  /**
   * Recognises gzip by its magic bytes: TiC file names are not reliable (plain files named .gz,
   * gzip served as .json). GZIPInputStream reads every member of a concatenated gzip file. What
   * comes out is bounded by {@code maxJsonBytes}.
   */
  private InputStream decode() throws IOException {
    BufferedInputStream in = new BufferedInputStream(stored, READ_BUFFER_BYTES);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    if (!gzip) {
      return new BoundedJsonStream(in, maxJsonBytes);
    }
    compression = GZIP;
    return new BoundedJsonStream(new GZIPInputStream(in, INFLATE_BUFFER_BYTES), maxJsonBytes);
  }

  private MalformedInputException malformed(IOException e) {
    String problem =
        e instanceof StreamConstraintsException limit
            ? limit.getOriginalMessage() + TicJson.limitName(limit.getOriginalMessage())
            : e instanceof JsonProcessingException jsonError
                ? jsonError.getOriginalMessage()
                : e instanceof BoundedJsonStream.LimitExceeded
                    ? e.getMessage()
                    : "Cannot decompress gzip (" + e.getMessage() + ")";
    if (parser == null) {
      return new MalformedInputException(uri, problem, "", jsonBytes(), 1, 1, e);
    }
    JsonLocation location = parser.currentLocation();
    return new MalformedInputException(
        uri, problem, path(parser.getParsingContext()), location.getByteOffset(),
        location.getLineNr(), location.getColumnNr(), e);
  }

  /**
   * Jackson's context stack is already the (key, index) path; it is only rendered here, its
   * middle elided past {@link #MAX_PATH_LEVELS} levels (a nesting-limit error is 256 deep).
   */
  private static String path(JsonStreamContext context) {
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = context; c != null; c = c.getParent()) {
      chain.add(c);
    }
    StringBuilder path = new StringBuilder();
    int levels = chain.size();
    for (int i = levels - 1; i >= 0; i--) {
      if (levels > MAX_PATH_LEVELS && i == levels - MAX_PATH_LEVELS / 2) {
        int skipped = levels - MAX_PATH_LEVELS;
        path.append("…(").append(skipped).append(" more levels)…");
        i -= skipped - 1;
        continue;
      }
      JsonStreamContext c = chain.get(i);
      if (c.inArray() && c.hasCurrentIndex()) {
        path.append('[').append(c.getCurrentIndex()).append(']');
      } else if (c.inObject() && c.getCurrentName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(c.getCurrentName());
      }
    }
    return path.toString();
  }

  @Override
  public void close() throws IOException {
    // closed in reverse order: the scanner threads, then the reading thread, then the stream
    try (InputStream closedLast = stored;
        BlockPipeline blocks = pipeline;
        FastTicSplitter scan = raw) {
      if (parser != null) {
        parser.close();
      }
    }
  }
}
