package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A disk that fills up and an output that cannot be written: a clear error, nothing published. */
class OutputFailureTest {
  @TempDir Path dir;
  private Path source;

  @BeforeEach
  void source() throws IOException {
    source = dir.resolve("rates.json");
    TicFileGenerator.write(
        GeneratorSpec.builder().items(60).remoteReferenceFraction(0).build(), source);
  }

  @Test
  void diskFullWhileWritingChunks() throws IOException {
    Path out = dir.resolve("out");
    FullDisk disk = new FullDisk(new LocalOutputLocation(out), 64 << 10);

    assertThatThrownBy(() -> new Preprocessor(config(disk)).run())
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(MalformedInputException.class)
        .hasMessageContaining("No space left on device");
    assertThat(BadInputCorpusTest.files(out)).as("chunks removed, no manifest").isEmpty();
  }

  @Test
  void diskFullWhenPublishingTheManifest() throws IOException {
    Path clean = dir.resolve("clean");
    long chunkBytes = new Preprocessor(config(new LocalOutputLocation(clean))).run().chunks()
        .stream().mapToLong(Manifest.Chunk::bytes).sum();
    Path out = dir.resolve("out");
    FullDisk disk = new FullDisk(new LocalOutputLocation(out), chunkBytes);

    assertThatThrownBy(() -> new Preprocessor(config(disk)).run())
        .hasMessageContaining("No space left on device");
    assertThat(disk.written.get()).as("every chunk was written").isEqualTo(chunkBytes);
    assertThat(BadInputCorpusTest.files(out)).isEmpty();
  }

  @Test
  void outputThatIsAFileIsAClearIoError() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("taken"), "a file");
    StringWriter err = new StringWriter();

    int exit = new CommandLine(new PreprocessCommand())
        .setErr(new PrintWriter(err))
        .execute(source.toString(), "--out", notADirectory.resolve("out").toString(), "--quiet");

    assertThat(exit).isEqualTo(PreprocessCommand.EXIT_IO_ERROR);
    assertThat(err.toString()).startsWith("Cannot preprocess " + source + ": ")
        .contains(notADirectory.toString(), "Not a directory");
    assertThat(notADirectory).hasContent("a file");
  }

  private PreprocessConfig config(OutputLocation output) {
    return PreprocessConfig.builder(source.toString(), output).chunkBytes(16 << 10).build();
  }

  /**
   * A local output on a disk with {@code capacity} bytes: writes past it fail as a full disk does
   * (no tmpfs can be mounted here without root tricks). Deletes go through, as they do on a full
   * disk.
   */
  private static final class FullDisk implements OutputLocation {
    private final OutputLocation local;
    private final long capacity;
    final AtomicLong written = new AtomicLong();

    FullDisk(OutputLocation local, long capacity) {
      this.local = local;
      this.capacity = capacity;
    }

    @Override
    public OutputStream create(String path) throws IOException {
      return new FilterOutputStream(local.create(path)) {
        @Override
        public void write(int b) throws IOException {
          reserve(1);
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          reserve(len);
          out.write(b, off, len);
        }
      };
    }

    @Override
    public void publish(String path, byte[] content) throws IOException {
      reserve(content.length);
      local.publish(path, content);
    }

    @Override
    public void delete(String path) throws IOException {
      local.delete(path);
    }

    @Override
    public void deleteDirectory(String path) throws IOException {
      local.deleteDirectory(path);
    }

    private void reserve(long bytes) throws IOException {
      if (written.addAndGet(bytes) > capacity) {
        written.addAndGet(-bytes);
        throw new IOException("No space left on device");
      }
    }
  }
}
