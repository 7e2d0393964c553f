package io.ptlake.spark.ingest;

import io.ptlake.spark.NioLocalFileSystem;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;

/**
 * The local file system of a child ingest that dies inside its commit: the JVM halts (no shutdown
 * hook, no finally: what a SIGKILL leaves) when the commit is about to move its N-th staged
 * partition folder into the table ({@value #HALT_AT}, from 1), after the table's old folder of
 * that partition was deleted.
 */
public class CommitHaltingFileSystem extends NioLocalFileSystem {
  /** System property: the staged partition rename to halt at. */
  static final String HALT_AT = "ptlake.test.haltAtStagedPartition";
  /** The child's exit status when it halted here, telling it apart from other failures. */
  static final int HALTED = 99;

  private static final AtomicInteger RENAMES = new AtomicInteger();

  @Override
  public boolean rename(Path source, Path target) throws IOException {
    if (source.toString().contains("/" + ColumnarRateWrite.STAGING_PREFIX)
        && source.getName().startsWith(ChunkReader.SOURCE_ID + "=")
        && RENAMES.incrementAndGet() == Integer.getInteger(HALT_AT, 0)) {
      System.err.println("CommitHaltingFileSystem: halting before " + source + " -> " + target);
      Runtime.getRuntime().halt(HALTED);
    }
    return super.rename(source, target);
  }
}
