package io.ptlake.spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.cli.PtlakeCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ptlake report} as a user runs it: exit codes, stdout, stderr and the file. */
class ReportCommandTest {
  @TempDir Path tmp;

  @Test
  void writesThePageAndPrintsItsPathWithProgressOnStderr() throws IOException {
    ReportFixture.spark();
    Path out = tmp.resolve("sub/report.html");

    String[] result = ptlake("report", "--warehouse", SharedSpark.warehouse().toString(),
        "--database", ReportFixture.DATABASE, "--code", "E0601,80053", "--month", "2025-05",
        "--out", out.toString());

    assertThat(result[0]).as(result[2]).isEqualTo("0");
    assertThat(result[1]).isEqualTo(out + "\n");
    assertThat(result[2]).contains("ptlake report: [1/", "20_code_distribution (billing_code"
        + " E0601)", "22_code_outliers (billing_code 80053)", out + " (");
    assertThat(Files.readString(out)).startsWith("<!DOCTYPE html>")
        .contains("snapshot month 2025-05", "href=\"#code-E0601\"", "href=\"#code-80053\"");
    try (var leftovers = Files.list(out.getParent())) {
      assertThat(leftovers).containsExactly(out);
    }
  }

  @Test
  void aMissingTableIsAnErrorNamingIt() {
    ReportFixture.spark();

    String[] result = ptlake("report", "--warehouse", SharedSpark.warehouse().toString(),
        "--database", "no_such_db", "--out", tmp.resolve("r.html").toString());

    assertThat(result[0]).isEqualTo("1");
    assertThat(result[2]).contains("Cannot report on no_such_db.in_network_rates because the"
        + " catalog has no such table");
    assertThat(tmp.resolve("r.html")).doesNotExist();
  }

  @Test
  void aBadMonthIsAUsageError() {
    String[] result = ptlake("report", "--warehouse", tmp.toString(), "--month", "2025-13",
        "--out", tmp.resolve("r.html").toString());

    assertThat(result[0]).isEqualTo("2");
    assertThat(result[2]).contains("Cannot report on snapshot month '2025-13': expected YYYY-MM");
  }

  /** Exit code, stdout and stderr of one command line. */
  private static String[] ptlake(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PtlakeCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }
}
