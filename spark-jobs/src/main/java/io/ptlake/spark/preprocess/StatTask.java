package io.ptlake.spark.preprocess;

import io.ptlake.preprocess.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sizes and versions of listed sources (S3 HEAD, an HTTPS one-byte ranged GET, a local stat),
 * on an executor, one storage for a partition's files. A file that cannot be stat'd keeps an
 * unknown size: its preprocessing task then fails with the reason, retried and reported like any
 * other failure.
 */
final class StatTask implements FlatMapFunction<Iterator<SourceFile>, SourceFile> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(StatTask.class);

  private final PreprocessSettings settings;

  StatTask(PreprocessSettings settings) {
    this.settings = settings;
  }

  @Override
  public Iterator<SourceFile> call(Iterator<SourceFile> files) {
    List<SourceFile> stated = new ArrayList<>();
    try (Storage storage = Storage.create(settings.storage())) {
      while (files.hasNext()) {
        SourceFile file = files.next();
        try {
          stated.add(file.with(storage.inputSource().stat(file.uri())));
        } catch (IOException | RuntimeException e) {
          LOG.warn("Cannot read the size of {}: {}", file.displayUri(), e.getMessage());
          stated.add(file);
        }
      }
    }
    return stated.iterator();
  }
}
