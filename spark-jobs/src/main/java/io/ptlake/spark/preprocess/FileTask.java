package io.ptlake.spark.preprocess;

import io.ptlake.preprocess.InputSource;
import io.ptlake.preprocess.MalformedInputException;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.ManifestReader;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.preprocess.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Spark task: one source streamed into its folder under the run's prefix (chunks, then the
 * manifest), on the executor. A source whose folder already holds a manifest of the same source
 * (URI, size and version) is skipped. A failure is thrown, so that Spark runs the task again,
 * except on the last attempt Spark allows: that one returns a {@link FileOutcome#FAILED} outcome
 * instead, so the job goes on with the other sources and the report names the file.
 */
final class FileTask implements Function<SourceFile, FileOutcome> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FileTask.class);
  static final String MANIFEST = "manifest.json";

  private final PreprocessSettings settings;
  private final String outPrefix;
  private final int maxAttempts;

  /** @param maxAttempts the attempts Spark gives a task ({@link PreprocessManyJob#maxTaskAttempts}) */
  FileTask(PreprocessSettings settings, String outPrefix, int maxAttempts) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.outPrefix = Objects.requireNonNull(outPrefix, "outPrefix");
    this.maxAttempts = maxAttempts;
  }

  @Override
  public FileOutcome call(SourceFile source) {
    TaskContext task = TaskContext.get();
    int attempt = task.attemptNumber() + 1;
    int partition = task.partitionId();
    long started = System.currentTimeMillis();
    String dir = Storage.child(outPrefix, source.name());
    try (Storage storage = Storage.create(settings.storage())) {
      Optional<Manifest> existing = manifestOf(storage, dir, source);
      if (existing.isPresent()) {
        LOG.info("{}: skipped, {} holds it (version {})", source.displayUri(), dir, source.version());
        return outcome(source, FileOutcome.SKIPPED, attempt, partition, started, existing.get());
      }
      Manifest manifest =
          new Preprocessor(settings.config(source, storage.output(dir), storage)).run();
      return outcome(source, FileOutcome.PROCESSED, attempt, partition, started, manifest);
    } catch (IOException | RuntimeException e) {
      String message = message(source, e);
      // A killed task (a cancelled job) is Spark's to handle, never a file's failure.
      if (attempt < maxAttempts || task.isInterrupted()) {
        LOG.warn("{} (attempt {} of {}; Spark will retry)", message, attempt, maxAttempts);
        throw new IllegalStateException(message, e);
      }
      LOG.error("{} (attempt {} of {}: recorded as failed)", message, attempt, maxAttempts);
      Long offset = e instanceof MalformedInputException malformed ? malformed.byteOffset() : null;
      return new FileOutcome(source, FileOutcome.FAILED, attempt, partition, started,
          System.currentTimeMillis(), null, null, null, null, message, offset);
    }
  }

  /**
   * The manifest in {@code dir} when it is of this very source: same URI, same stored size, and
   * the same version (ETag, Last-Modified or modification time). A source whose version is not
   * known is never skipped: without it a changed file of the same size would look the same.
   */
  static Optional<Manifest> manifestOf(Storage storage, String dir, SourceFile source)
      throws IOException {
    if (source.version() == null) {
      return Optional.empty();
    }
    Manifest manifest;
    try (InputStream in = storage.inputSource().open(Storage.child(dir, MANIFEST))) {
      manifest = ManifestReader.read(in);
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException unreadable) {
      if (!exists(storage, Storage.child(dir, MANIFEST))) {
        return Optional.empty();
      }
      throw unreadable;
    }
    Manifest.Source recorded = manifest.source();
    boolean same = recorded.uri().equals(source.displayUri())
        && recorded.sizeBytes() == source.sizeBytes()
        && source.version().equals(recorded.version());
    return same ? Optional.of(manifest) : Optional.empty();
  }

  /** S3 and HTTP reads open lazily: a missing object shows on the first read, as an IOException. */
  private static boolean exists(Storage storage, String uri) throws IOException {
    InputSource input = storage.inputSource();
    try {
      input.stat(uri);
      return true;
    } catch (NoSuchFileException absent) {
      return false;
    }
  }

  private static FileOutcome outcome(SourceFile source, String status, int attempt, int partition,
      long started, Manifest manifest) {
    return new FileOutcome(source, status, attempt, partition, started,
        System.currentTimeMillis(), manifest.fileType(), manifest.expectedRows(),
        manifest.source().jsonBytes(), manifest.chunks().size(), null, null);
  }

  /** The error's message, naming the file when it does not already. */
  static String message(SourceFile source, Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String shown = source.displayUri();
    return message.contains(shown) ? message : "Cannot preprocess " + shown + ": " + message;
  }
}
