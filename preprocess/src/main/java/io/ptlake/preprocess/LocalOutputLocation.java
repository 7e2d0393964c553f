package io.ptlake.preprocess;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** An output directory on the local file system. */
public final class LocalOutputLocation implements OutputLocation {

  private static final String TEMP_SUFFIX = ".tmp";

  private final Path root;

  public LocalOutputLocation(Path root) {
    this.root = root;
  }

  @Override
  public OutputStream create(String path) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    return new SyncingFileOutputStream(file.toFile());
  }

  @Override
  public void publish(String path, byte[] content) throws IOException {
    Path temp = root.resolve(path + TEMP_SUFFIX);
    try (OutputStream out = create(path + TEMP_SUFFIX)) {
      out.write(content);
    }
    Files.move(
        temp, root.resolve(path), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void delete(String path) throws IOException {
    Files.deleteIfExists(root.resolve(path));
    Files.deleteIfExists(root.resolve(path + TEMP_SUFFIX));
  }

  @Override
  public void deleteDirectory(String path) throws IOException {
    Path dir = root.resolve(path);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      tree.sorted(Comparator.reverseOrder()).forEach(LocalOutputLocation::deleteUnchecked);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void deleteUnchecked(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Syncs on close so that a manifest published afterwards never refers to lost data. */
  private static final class SyncingFileOutputStream extends FileOutputStream {
    private boolean closed;

    SyncingFileOutputStream(File file) throws FileNotFoundException {
      super(file);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        getFD().sync();
      } finally {
        super.close();
      }
    }
  }
}
