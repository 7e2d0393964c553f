package io.ptlake.spark.ingest;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import scala.Option;

/** Where a catalog table's files are: the writer and the row-count check both work on them. */
final class TableLocation {
  private TableLocation() {}

  /**
   * The location of {@code table} ({@code database.table}) as the catalog records it.
   *
   * @param purpose what the caller wants it for, to name in the error ("count the rows of")
   */
  static String of(SparkSession spark, String table, String purpose) {
    String[] parts = table.split("\\.", 2);
    TableIdentifier id = new TableIdentifier(parts[1], Option.apply(parts[0]));
    try {
      return spark.sessionState().catalog().getTableMetadata(id).location().toString();
    } catch (AnalysisException e) {
      throw new IngestException("Cannot " + purpose + " " + table + " because the catalog does"
          + " not describe it: " + e.getMessage(), e);
    }
  }
}
