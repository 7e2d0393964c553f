package io.ptlake.spark.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements on semicolons that stand outside quotes and comments, so a
 * file of analyst queries (Athena's console takes one statement at a time) runs as a batch.
 */
public final class SqlScript {
  private SqlScript() {}

  public static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int n = script.length();
    int i = 0;
    while (i < n) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int end = script.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"' || c == '`') {
        int end = closingQuote(script, i);
        current.append(script, i, end);
        i = end;
      } else if (c == ';') {
        add(statements, current);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    add(statements, current);
    return statements;
  }

  /**
   * The positional parameter markers ({@code ?}) of one statement, as {@link #statements} returns
   * it (comments gone): those inside quotes are text, not markers.
   */
  public static int parameterMarkers(String statement) {
    int markers = 0;
    int i = 0;
    while (i < statement.length()) {
      char c = statement.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = closingQuote(statement, i);
      } else {
        if (c == '?') {
          markers++;
        }
        i++;
      }
    }
    return markers;
  }

  /** Index just past the quote that closes the one at {@code start}; a doubled quote escapes. */
  private static int closingQuote(String script, int start) {
    char quote = script.charAt(start);
    int i = start + 1;
    while (i < script.length()) {
      if (script.charAt(i) == quote) {
        if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return script.length();
  }

  private static void add(List<String> statements, StringBuilder current) {
    String statement = current.toString().trim();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }
}
