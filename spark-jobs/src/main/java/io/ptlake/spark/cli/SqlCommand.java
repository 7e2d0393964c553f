package io.ptlake.spark.cli;

import io.ptlake.spark.sql.ResultFormat;
import io.ptlake.spark.sql.SqlScript;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ptlake sql}: SQL against the warehouse's catalog, the local stand-in for Athena. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Runs SQL statements (separated by ';') against the catalog of the warehouse and prints each"
          + " result on stdout.",
      "Exits 1 when a statement fails; the statements before it have run."
    })
public final class SqlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkOptions sparkOptions;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Script script;

  @Option(names = "--format", defaultValue = "table", converter = FormatConverter.class,
      description = "table (aligned, for people) or csv (a header line, then rows)"
          + " (default: ${DEFAULT-VALUE}).")
  ResultFormat format;

  static final class Script {
    @Option(names = "-e", paramLabel = "SQL", required = true, description = "The SQL to run.")
    String text;

    @Option(names = "-f", paramLabel = "FILE", required = true,
        description = "A file of SQL statements.")
    Path file;

    String read() throws IOException {
      return text != null ? text : Files.readString(file);
    }
  }

  public SqlCommand() {}

  @Override
  public Integer call() throws Exception {
    List<String> statements = SqlScript.statements(script.read());
    PrintWriter out = spec.commandLine().getOut();
    try (SparkOptions.CommandSession session = sparkOptions.open(spec)) {
      for (String statement : statements) {
        format.print(session.spark().sql(statement), out);
      }
      return 0;
    } catch (Exception e) {
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      // Spark's own message names the table or column and the position in the statement.
      spec.commandLine().getErr().println("ptlake sql: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
    }
  }

  static final class FormatConverter implements ITypeConverter<ResultFormat> {
    @Override
    public ResultFormat convert(String value) {
      return ResultFormat.valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
