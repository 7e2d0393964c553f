package io.ptlake.spark.compact;

import io.ptlake.spark.NioLocalFileSystem;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system, except that it refuses to create the second Parquet file under a
 * {@code .spark-staging-*} folder: a dynamic overwrite then fails in its write tasks after one of
 * them wrote a file, before the job commit touches the table.
 */
public class StagingFaultFileSystem extends NioLocalFileSystem {
  static final String MESSAGE = "injected fault: no space for a staged file";

  private static final AtomicInteger STAGED = new AtomicInteger();

  @Override
  public FSDataOutputStream create(Path path, FsPermission permission, boolean overwrite,
      int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    String name = path.toString();
    if (name.contains("/.spark-staging-") && name.endsWith(".parquet")
        && STAGED.incrementAndGet() > 1) {
      throw new IOException(MESSAGE + ": " + path);
    }
    return super.create(path, permission, overwrite, bufferSize, replication, blockSize,
        progress);
  }
}
