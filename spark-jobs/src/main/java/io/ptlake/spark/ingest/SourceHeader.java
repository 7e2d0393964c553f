package io.ptlake.spark.ingest;

import java.io.Serializable;
import java.util.Map;

/**
 * The columns every row of one source repeats, as Spark computes them from the manifest's header
 * ({@link FileHeader}), handed to the columnar write tasks.
 *
 * @param sourceFile the source_file column
 * @param values the header's string fields by name; a field the file lacks is absent
 * @param lastUpdatedOnDays last_updated_on as days since 1970-01-01, or null
 */
record SourceHeader(String sourceFile, Map<String, String> values, Integer lastUpdatedOnDays)
    implements Serializable {
  SourceHeader {
    values = Map.copyOf(values);
  }

  String value(String field) {
    return values.get(field);
  }
}
