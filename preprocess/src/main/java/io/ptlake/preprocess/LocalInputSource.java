package io.ptlake.preprocess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads source files from the local file system; the uri is a path. */
public final class LocalInputSource implements InputSource {

  @Override
  public InputStream open(String uri) throws IOException {
    return Files.newInputStream(Path.of(uri));
  }

  @Override
  public long size(String uri) throws IOException {
    return Files.size(Path.of(uri));
  }
}
