package io.ptlake.spark.report;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where the page goes: a local file, replaced whole (written beside it, then moved over it, so a
 * reader never sees half a page), or a Hadoop file system URI such as {@code s3a://bucket/key}
 * on a cluster, where one PUT publishes the object whole.
 */
public final class ReportFile {
  /** A URI with a scheme ({@code s3a://}, {@code hdfs://}); anything else is a local path. */
  private static final Pattern REMOTE = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]+://");

  private ReportFile() {}

  /** @return where the page now is: an absolute path or the URI given */
  public static String write(String page, String out, Configuration conf) throws IOException {
    byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
    if (REMOTE.matcher(out).lookingAt() && !out.startsWith("file:")) {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(out);
      FileSystem fs = path.getFileSystem(conf);
      try (OutputStream stream = fs.create(path, true)) {
        stream.write(bytes);
      }
      return out;
    }
    Path file =
        (out.startsWith("file:") ? Path.of(URI.create(out)) : Path.of(out)).toAbsolutePath();
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path temporary = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.write(temporary, bytes);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return file.toString();
  }
}
