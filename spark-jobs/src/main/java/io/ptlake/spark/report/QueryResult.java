package io.ptlake.spark.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One report query's result, as the page shows it and embeds it: the statement run, its
 * parameters and every row. Values are Java's: String, Long, Integer, BigDecimal (exact, as the
 * table stores negotiated_rate), Double, LocalDate, Instant, or null.
 *
 * @param id the page's name for this result ({@code q1}, {@code q2}, …), unique in a report
 * @param query the SQL file it ran
 * @param subject what it was run for, in words (a code, an NPI), or empty
 * @param parameters the values bound to the statement's markers, in order
 * @param statement the statement run, with the catalog's table names
 * @param columns the result's column names
 * @param rows the rows in the statement's order
 * @param millis how long it ran
 */
public record QueryResult(String id, ReportSql query, String subject, List<Object> parameters,
    String statement, List<String> columns, List<List<Object>> rows, long millis) {

  public QueryResult {
    parameters = List.copyOf(parameters);
    columns = List.copyOf(columns);
    // Rows hold nulls, which List.copyOf refuses.
    rows = rows.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
  }

  public int size() {
    return rows.size();
  }

  public int column(String name) {
    int index = columns.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("Cannot find column " + name + " in the result of "
          + query.path() + ": it has " + columns);
    }
    return index;
  }

  public Object value(int row, String column) {
    return rows.get(row).get(column(column));
  }

  public String text(int row, String column) {
    Object value = value(row, column);
    return value == null ? null : value.toString();
  }

  /** A decimal column's exact value; null for SQL NULL. */
  public BigDecimal decimal(int row, String column) {
    Object value = value(row, column);
    if (value == null || value instanceof BigDecimal) {
      return (BigDecimal) value;
    }
    return new BigDecimal(value.toString());
  }

  /** A count column; 0 for SQL NULL (a count over no rows, as an outer join leaves it). */
  public long count(int row, String column) {
    Object value = value(row, column);
    return value == null ? 0 : ((Number) value).longValue();
  }
}
