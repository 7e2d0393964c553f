package io.ptlake.spark.ingest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Rows as plain text cells, so tests compare whole rows with one exact assertion. */
final class RowCells {
  private RowCells() {}

  /** The row's cells joined by {@code |}: decimals in plain form, arrays as [a, b], null as null. */
  static String line(Row row) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < row.length(); i++) {
      cells.add(cell(row.get(i)));
    }
    return String.join("|", cells);
  }

  static List<String> sortedLines(List<Row> rows) {
    return rows.stream().map(RowCells::line).sorted().toList();
  }

  private static String cell(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Seq<?> seq) {
      return JavaConverters.seqAsJavaList(seq).stream()
          .map(RowCells::cell)
          .collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(value);
  }
}
