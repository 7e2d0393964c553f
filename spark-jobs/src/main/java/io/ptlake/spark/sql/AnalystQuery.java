package io.ptlake.spark.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One analyst query from athena-queries/: Athena (Trino) SQL that also runs on Spark SQL. Its
 * header comments say what it answers and whether the demo and tests run it locally:
 *
 * <pre>
 * -- title: Negotiated rate statistics by billing code
 * -- local: yes
 * -- duckdb: no (only for a query that uses an Athena function DuckDB lacks)
 * </pre>
 */
public record AnalystQuery(
    String name, String title, String sql, boolean runsLocally, boolean duckDbComparable) {
  private static final Pattern TITLE = Pattern.compile("(?m)^--\\s*title:\\s*(.+?)\\s*$");
  private static final Pattern LOCAL = Pattern.compile("(?m)^--\\s*local:\\s*(yes|no)\\s*$");
  /** Queries using Athena functions DuckDB lacks say so; the tests then check them otherwise. */
  private static final Pattern DUCKDB = Pattern.compile("(?m)^--\\s*duckdb:\\s*no\\b");
  private static final Pattern TABLE = Pattern.compile("(?i)\\bptlake\\.([a-z_][a-z0-9_]*)");

  public static AnalystQuery parse(String name, String text) {
    List<String> statements = SqlScript.statements(text);
    if (statements.size() != 1) {
      throw new IllegalArgumentException(
          "Cannot read analyst query " + name + " because it holds " + statements.size()
              + " statements; Athena runs one per query");
    }
    Matcher title = TITLE.matcher(text);
    Matcher local = LOCAL.matcher(text);
    return new AnalystQuery(
        name,
        title.find() ? title.group(1) : name,
        statements.get(0),
        local.find() && local.group(1).equals("yes"),
        !DUCKDB.matcher(text).find());
  }

  /**
   * The tables of database {@code ptlake} the query reads, by name ({@code in_network_rates},
   * {@code plans}, …), in order of first mention.
   */
  public java.util.Set<String> tables() {
    java.util.Set<String> tables = new java.util.LinkedHashSet<>();
    Matcher table = TABLE.matcher(sql);
    while (table.find()) {
      tables.add(table.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    return tables;
  }

  /** The queries of a folder in name order, so output and tests are stable. */
  public static List<AnalystQuery> loadAll(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".sql"))
          .sorted()
          .map(AnalystQuery::load)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list analyst queries in " + dir, e);
    }
  }

  private static AnalystQuery load(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
    try {
      return parse(name, Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read analyst query " + file, e);
    }
  }
}
