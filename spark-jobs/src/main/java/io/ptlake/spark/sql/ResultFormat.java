package io.ptlake.spark.sql;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** How query results are printed on stdout: an aligned table for people, CSV for pipes. */
public enum ResultFormat {
  TABLE("NULL") {
    @Override
    void print(List<String> header, List<List<String>> rows, PrintWriter out) {
      int[] widths = new int[header.size()];
      for (int c = 0; c < widths.length; c++) {
        widths[c] = header.get(c).length();
        for (List<String> row : rows) {
          widths[c] = Math.max(widths[c], row.get(c).length());
        }
      }
      String rule = rule(widths);
      out.println(rule);
      out.println(line(header, widths));
      out.println(rule);
      rows.forEach(row -> out.println(line(row, widths)));
      out.println(rule);
      out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }
  },
  CSV("") {
    @Override
    void print(List<String> header, List<List<String>> rows, PrintWriter out) {
      out.println(csvLine(header));
      rows.forEach(row -> out.println(csvLine(row)));
    }
  };

  private final String nullText;

  ResultFormat(String nullText) {
    this.nullText = nullText;
  }

  abstract void print(List<String> header, List<List<String>> rows, PrintWriter out);

  /** Collects the result on the driver: meant for analyst query results, not for whole tables. */
  public void print(Dataset<Row> result, PrintWriter out) {
    List<String> header = List.of(result.columns());
    List<List<String>> rows = new ArrayList<>();
    for (Row row : result.collectAsList()) {
      List<String> cells = new ArrayList<>(row.length());
      for (int c = 0; c < row.length(); c++) {
        cells.add(row.isNullAt(c) ? nullText : cell(row.get(c)));
      }
      rows.add(cells);
    }
    print(header, rows, out);
  }

  /**
   * Decimals print in plain notation without the scale's trailing zeros (123.45, not
   * 123.4500000000): the value is exact either way, and analysts compare it with the source text.
   */
  static String cell(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Seq<?> seq) {
      return JavaConverters.seqAsJavaList(seq).stream()
          .map(ResultFormat::cell)
          .collect(Collectors.joining(", ", "[", "]"));
    }
    return value.toString();
  }

  private static String rule(int[] widths) {
    StringBuilder sb = new StringBuilder("+");
    for (int w : widths) {
      sb.append("-".repeat(w + 2)).append('+');
    }
    return sb.toString();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder sb = new StringBuilder("|");
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      sb.append(' ').append(cell).append(" ".repeat(widths[c] - cell.length())).append(" |");
    }
    return sb.toString();
  }

  private static String csvLine(List<String> cells) {
    return cells.stream().map(ResultFormat::csvCell).collect(Collectors.joining(","));
  }

  private static String csvCell(String cell) {
    boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
        || cell.indexOf('\r') >= 0;
    return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }
}
