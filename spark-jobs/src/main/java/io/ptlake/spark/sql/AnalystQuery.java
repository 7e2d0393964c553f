package io.ptlake.spark.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One analyst query from athena-queries/: Athena (Trino) SQL that also runs on Spark SQL, or,
 * where Spark lacks the syntax (UNNEST), has a Spark twin of the same name under
 * athena-queries/spark/ that the demo runs instead and the tests compare with Trino's answer to
 * the Athena file. Its header comments say what it answers and whether the demo and tests run it
 * locally:
 *
 * <pre>
 * -- title: Negotiated rate statistics by billing code
 * -- local: yes
 * -- duckdb: no (only for a query that uses an Athena function DuckDB lacks)
 * </pre>
 *
 * @param sql the Athena SQL, as the file holds it
 * @param sparkSql what Spark runs: the twin's SQL, or {@code sql} when there is no twin
 */
public record AnalystQuery(String name, String title, String sql, String sparkSql,
    boolean runsLocally, boolean duckDbComparable) {
  /** The folder of Spark twins, beside the queries. */
  public static final String SPARK_TWINS = "spark";

  private static final Pattern TITLE = Pattern.compile("(?m)^--\\s*title:\\s*(.+?)\\s*$");
  private static final Pattern LOCAL = Pattern.compile("(?m)^--\\s*local:\\s*(yes|no)\\s*$");
  /** Queries using Athena functions DuckDB lacks say so; the tests then check them otherwise. */
  private static final Pattern DUCKDB = Pattern.compile("(?m)^--\\s*duckdb:\\s*no\\b");
  private static final Pattern TABLE = Pattern.compile("(?i)\\bptlake\\.([a-z_][a-z0-9_]*)");

  public static AnalystQuery parse(String name, String text) {
    return parse(name, text, null);
  }

  /** The query {@code text} with the Spark twin {@code sparkText}, or none when null. */
  public static AnalystQuery parse(String name, String text, String sparkText) {
    String sql = statement(name, text);
    Matcher title = TITLE.matcher(text);
    Matcher local = LOCAL.matcher(text);
    return new AnalystQuery(
        name,
        title.find() ? title.group(1) : name,
        sql,
        sparkText == null ? sql : statement(SPARK_TWINS + "/" + name, sparkText),
        local.find() && local.group(1).equals("yes"),
        !DUCKDB.matcher(text).find());
  }

  /** Whether Spark runs a twin of its own rather than the Athena SQL. */
  public boolean hasSparkTwin() {
    return !sparkSql.equals(sql);
  }

  private static String statement(String name, String text) {
    List<String> statements = SqlScript.statements(text);
    if (statements.size() != 1) {
      throw new IllegalArgumentException(
          "Cannot read analyst query " + name + " because it holds " + statements.size()
              + " statements; Athena runs one per query");
    }
    return statements.get(0);
  }

  /**
   * The tables of database {@code ptlake} the query reads, by name ({@code in_network_rates},
   * {@code plans}, …), in order of first mention.
   */
  public Set<String> tables() {
    Set<String> tables = new LinkedHashSet<>();
    Matcher table = TABLE.matcher(sql);
    while (table.find()) {
      tables.add(table.group(1).toLowerCase(Locale.ROOT));
    }
    return tables;
  }

  /**
   * The queries of a folder in name order, so output and tests are stable, each with its Spark
   * twin from {@code dir/spark/} if it has one. A twin without a query of its name is refused.
   */
  public static List<AnalystQuery> loadAll(Path dir) {
    List<Path> queries = sqlFiles(dir);
    Path twins = dir.resolve(SPARK_TWINS);
    if (Files.isDirectory(twins)) {
      for (Path twin : sqlFiles(twins)) {
        if (!Files.isRegularFile(dir.resolve(twin.getFileName()))) {
          throw new IllegalArgumentException("Cannot load the Spark twin " + twin
              + " because " + dir + " holds no query " + twin.getFileName() + " for it");
        }
      }
    }
    return queries.stream().map(file -> load(file, twins.resolve(file.getFileName()))).toList();
  }

  private static List<Path> sqlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list analyst queries in " + dir, e);
    }
  }

  private static AnalystQuery load(Path file, Path twin) {
    String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
    try {
      return parse(name, Files.readString(file),
          Files.isRegularFile(twin) ? Files.readString(twin) : null);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read analyst query " + file, e);
    }
  }
}
