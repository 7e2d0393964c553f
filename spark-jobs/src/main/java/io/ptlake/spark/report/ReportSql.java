package io.ptlake.spark.report;

import io.ptlake.spark.sql.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queries behind {@code ptlake report}: the files of athena-queries/report/, Athena (Trino)
 * SQL with positional parameters ({@code ?}) that Spark SQL runs as they are, packaged in the jar
 * so that the report runs the very text an analyst reruns in Athena ({@code PREPARE q FROM …;
 * EXECUTE q USING …}). Each file names its parameters, in order, in a {@code -- parameters:}
 * line.
 */
public enum ReportSql {
  ROWS_BY_SOURCE("01_rows_by_source"),
  FILES_BY_SOURCE("02_files_by_source"),
  REJECTS_BY_SOURCE("03_rejects_by_source"),
  TOP_CODES("10_top_codes"),
  CODE_DISTRIBUTION("20_code_distribution"),
  CODE_HISTOGRAM("21_code_histogram"),
  CODE_OUTLIERS("22_code_outliers"),
  PROVIDER_VS_MARKET("30_provider_vs_market"),
  PROVIDER_NAMES("90_provider_names");

  /** Where the files are in the repository, as the page names them. */
  public static final String FOLDER = "athena-queries/report";

  /** Where the build puts them in the jar (spark-jobs/pom.xml). */
  static final String RESOURCE_DIR = "/io/ptlake/spark/report/sql/";

  private final String name;

  ReportSql(String name) {
    this.name = name;
  }

  /** The file's name without {@code .sql}, e.g. {@code 20_code_distribution}. */
  public String fileName() {
    return name;
  }

  /** Its path in the repository, e.g. {@code athena-queries/report/20_code_distribution.sql}. */
  public String path() {
    return FOLDER + "/" + name + ".sql";
  }

  public String title() {
    return Texts.ALL.get(this).title();
  }

  /** The statement without its comments, tables named as in the file ({@code ptlake.…}). */
  public String statement() {
    return Texts.ALL.get(this).statement();
  }

  public int parameterMarkers() {
    return SqlScript.parameterMarkers(statement());
  }

  /** A file's title and statement, read from the jar once, when a query is first used. */
  private record Text(String title, String statement) {
    private static final Pattern TITLE = Pattern.compile("(?m)^--\\s*title:\\s*(.+?)\\s*$");

    static Text parse(ReportSql query) {
      String text = read(query.name);
      List<String> statements = SqlScript.statements(text);
      if (statements.size() != 1) {
        throw new IllegalStateException("Cannot use report query " + query.path()
            + " because it holds " + statements.size() + " statements; Athena runs one per query");
      }
      Matcher title = TITLE.matcher(text);
      return new Text(title.find() ? title.group(1) : query.name, statements.get(0));
    }
  }

  private static final class Texts {
    static final Map<ReportSql, Text> ALL = new EnumMap<>(ReportSql.class);

    static {
      for (ReportSql query : values()) {
        ALL.put(query, Text.parse(query));
      }
    }
  }

  private static String read(String name) {
    String resource = RESOURCE_DIR + name + ".sql";
    try (InputStream in = ReportSql.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Cannot find the report query " + resource
            + " on the classpath; the build copies " + FOLDER + " there");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the report query " + resource, e);
    }
  }
}
