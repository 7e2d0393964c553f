package io.ptlake.spark.sql;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * Query results of Spark, DuckDB and Trino as rows of text cells that compare across engines:
 * numbers by value (Spark sums into decimals, DuckDB into HUGEINT, Trino keeps another scale),
 * arrays, structs and maps element by element, timestamps at milliseconds (Trino's and Athena's
 * precision, rounded half up as Trino rounds Spark's microseconds).
 */
final class ResultCells {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private ResultCells() {}

  static List<List<String>> of(List<Row> rows) {
    List<List<String>> cells = new ArrayList<>(rows.size());
    for (Row row : rows) {
      List<String> line = new ArrayList<>(row.length());
      for (int c = 0; c < row.length(); c++) {
        line.add(cell(row.get(c)));
      }
      cells.add(line);
    }
    return cells;
  }

  static List<List<String>> of(ResultSet result) throws SQLException {
    List<List<String>> cells = new ArrayList<>();
    int columns = result.getMetaData().getColumnCount();
    while (result.next()) {
      List<String> line = new ArrayList<>(columns);
      for (int c = 1; c <= columns; c++) {
        line.add(cell(result.getObject(c)));
      }
      cells.add(line);
    }
    return cells;
  }

  static String cell(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? number(new BigDecimal(Double.toString(d))) : value.toString();
    }
    if (value instanceof Number number) {
      return number(new BigDecimal(number.toString()));
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime().plusNanos(500_000).truncatedTo(ChronoUnit.MILLIS)
          .format(MILLIS);
    }
    if (value instanceof Array array) {
      try {
        return cell(array.getArray());
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot read an array of a result", e);
      }
    }
    if (value instanceof Object[] elements) {
      return list(Arrays.asList(elements));
    }
    if (value instanceof List<?> elements) {
      return list(elements);
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      return list(JavaConverters.seqAsJavaList(seq));
    }
    if (value instanceof Row struct) {
      List<Object> fields = new ArrayList<>();
      for (int f = 0; f < struct.length(); f++) {
        fields.add(struct.get(f));
      }
      return "{" + fields.stream().map(ResultCells::cell).collect(Collectors.joining(",")) + "}";
    }
    if (value instanceof io.trino.jdbc.Row struct) {
      return "{" + struct.getFields().stream().map(field -> cell(field.getValue()))
          .collect(Collectors.joining(",")) + "}";
    }
    if (value instanceof scala.collection.Map<?, ?> map) {
      return map(JavaConverters.mapAsJavaMap(map));
    }
    if (value instanceof Map<?, ?> map) {
      return map(map);
    }
    return value.toString();
  }

  private static String number(BigDecimal decimal) {
    return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
  }

  private static String list(List<?> elements) {
    return elements.stream().map(ResultCells::cell).collect(Collectors.joining(",", "[", "]"));
  }

  /** Entries in key order: neither engine promises one. */
  private static String map(Map<?, ?> map) {
    return map.entrySet().stream().map(entry -> cell(entry.getKey()) + "=" + cell(entry.getValue()))
        .sorted().collect(Collectors.joining(",", "{", "}"));
  }
}
