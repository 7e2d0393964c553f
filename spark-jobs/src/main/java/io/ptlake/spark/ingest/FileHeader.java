package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/** The source file's top-level fields (manifest {@code header}) that every row repeats. */
final class FileHeader {
  /** In table order; a field the file lacks is null. */
  static final List<String> FIELDS = List.of(
      "reporting_entity_name", "reporting_entity_type", "plan_name", "plan_id_type", "plan_id",
      "plan_market_type", "issuer_name", "plan_sponsor_name", "last_updated_on", "version");

  private FileHeader() {}

  /** The header fields as literal columns by name, in table order. */
  static Map<String, Column> columns(Map<String, String> header) {
    Map<String, Column> columns = new LinkedHashMap<>();
    FIELDS.forEach(field -> columns.put(field, column(field, header.get(field))));
    return columns;
  }

  private static Column column(String field, String value) {
    Column text = lit(value).cast(DataTypes.StringType);
    // A cast, not a parse that throws: an odd date in the header must not sink a 100 GB file.
    return field.equals("last_updated_on") ? to_date(text) : text;
  }
}
