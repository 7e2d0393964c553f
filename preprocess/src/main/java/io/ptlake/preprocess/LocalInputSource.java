package io.ptlake.preprocess;

import io.ptlake.preprocess.remote.RefusedUrlException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads source files from the local file system; the uri is a path. */
public final class LocalInputSource implements InputSource {

  @Override
  public InputStream open(String uri) throws IOException {
    return Files.newInputStream(path(uri));
  }

  @Override
  public long size(String uri) throws IOException {
    return Files.size(path(uri));
  }

  @Override
  public Stat stat(String uri) throws IOException {
    Path path = path(uri);
    return new Stat(Files.size(path), Files.getLastModifiedTime(path).toInstant().toString());
  }

  /** A URL here means the run has no reader for it (no storage configured), not a file name. */
  private static Path path(String uri) throws IOException {
    if (uri.contains("://")) {
      throw new IOException("Cannot read " + RefusedUrlException.redact(uri)
          + " because this run reads local files only");
    }
    return Path.of(uri);
  }
}
