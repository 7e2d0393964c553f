package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * What identifies a source's rows in every table, {@code snapshot_month/source_id}
 * ({@link PreprocessedSource#key}), as a column and as literals of a list of sources.
 */
final class SourceKeys {
  private SourceKeys() {}

  /** {@code snapshot_month/source_id} of a table's row. */
  static Column column() {
    return concat_ws("/", col(ChunkReader.SNAPSHOT_MONTH), col(ChunkReader.SOURCE_ID));
  }

  static Object[] months(List<PreprocessedSource> sources) {
    return sources.stream().map(PreprocessedSource::snapshotMonth).distinct().toArray();
  }

  static Object[] keys(List<PreprocessedSource> sources) {
    return sources.stream().map(PreprocessedSource::key).distinct().toArray();
  }
}
