package io.ptlake.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.GeneratorSpec.ReferencesPlacement;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.spark.SharedSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line as a user drives it, in this JVM: the commands use the shared session (they
 * stop only sessions they start), so {@code --warehouse} is the shared session's.
 */
class PtlakeCliTest {
  @TempDir static Path tmp;

  private static Path warehouse;

  @BeforeAll
  static void startTheSharedSession() {
    SharedSpark.session();
    warehouse = SharedSpark.warehouse();
  }

  @Test
  void helpListsEveryCommand() {
    Result help = ptlake("--help");

    assertThat(help.exitCode).isZero();
    assertThat(help.out).contains("generate", "preprocess", "ingest", "compact", "run", "sql",
        "demo");
  }

  @Test
  void noCommandIsAUsageError() {
    Result none = ptlake();

    assertThat(none.exitCode).isEqualTo(2);
    assertThat(none.err).contains("Usage: ptlake");
  }

  @Test
  void runWritesTheGeneratorsRowsForAGzipFileWithReferencesLastAndTwoGiantItems()
      throws IOException {
    Path input = tmp.resolve("refs-last-giants.json.gz");
    ExpectedCounts expected = TicFileGenerator.write(GeneratorSpec.builder()
        .seed(20)
        .items(30)
        .references(ReferencesPlacement.LAST)
        .giantItems(2, 1_500_000)
        // run fetches remote provider files; this machine may have no network to fetch them from
        .remoteReferenceFraction(0)
        .gzip(true)
        .build(), input);

    Result run = ptlake("run", input.toString(), "--warehouse", warehouse.toString(),
        "--work", tmp.resolve("work").toString(), "--chunk-mb", "1", "--database", "cli_run");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("\"written_rows\" : " + expected.expectedRows());

    Result sql = ptlake("sql", "--warehouse", warehouse.toString(), "--format", "csv",
        "-e", "SELECT count(*) AS n, count(DISTINCT billing_code) AS codes"
            + " FROM cli_run.in_network_rates");

    assertThat(sql.exitCode).as(sql.err).isZero();
    assertThat(sql.out).isEqualTo("n,codes\n" + expected.expectedRows() + ","
        + expected.expectedRowsByBillingCode().values().stream().filter(n -> n > 0).count()
        + "\n");
  }

  @Test
  void aMalformedInputExitsTwoNamingTheOffsetAndPublishesNothing() throws IOException {
    Path input = tmp.resolve("truncated.json");
    Files.writeString(input, "{\"reporting_entity_name\":\"x\",\"in_network\":[{\"billing_code\":");
    Path work = tmp.resolve("bad-work");

    Result run = ptlake("run", input.toString(), "--warehouse", warehouse.toString(),
        "--work", work.toString(), "--database", "cli_bad");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains(input.toString(), "byte offset");
    try (Stream<Path> files = Files.walk(work)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aFailingStatementExitsOneWithSparksMessage() {
    Result sql = ptlake("sql", "--warehouse", warehouse.toString(),
        "-e", "SELECT * FROM no_such_db.no_such_table");

    assertThat(sql.exitCode).isEqualTo(1);
    assertThat(sql.err).contains("ptlake sql:", "no_such_table");
  }

  @Test
  void compactMergesAPartitionsFilesAndPrintsItsReportThenFindsNothingToDo() {
    var spark = SharedSpark.session();
    spark.sql("CREATE DATABASE IF NOT EXISTS cli_compact");
    spark.sql("CREATE TABLE cli_compact.loads (n INT, snapshot_month STRING) USING parquet"
        + " PARTITIONED BY (snapshot_month)");
    for (int load = 0; load < 3; load++) {
      spark.sql("INSERT INTO cli_compact.loads VALUES (" + load + ", '2024-05')");
    }
    String[] compact = {"compact", "--warehouse", warehouse.toString(), "--database",
        "cli_compact", "--table", "loads", "--month", "2024-05", "--target-file-size", "1m"};

    Result dry = ptlake(Stream.concat(Stream.of(compact), Stream.of("--dry-run"))
        .toArray(String[]::new));
    Result first = ptlake(compact);
    Result second = ptlake(compact);

    assertThat(dry.exitCode).as(dry.err).isZero();
    assertThat(dry.out).contains("\"dry_run\" : true", "\"partitions_compacted\" : 1",
        "\"files_before\" : 3", "\"files_after\" : 3");
    assertThat(first.exitCode).as(first.err).isZero();
    assertThat(first.out).contains("\"partitions_planned\" : 1", "\"partitions_compacted\" : 1",
        "\"files_before\" : 3", "\"files_after\" : 1");
    assertThat(first.err).contains("ptlake compact: cli_compact.loads: compacted 1 of 1"
        + " partitions, 3 files -> 1 files");
    assertThat(spark.sql("SELECT sum(n), count(*) FROM cli_compact.loads").first().toString())
        .isEqualTo("[3,3]");
    assertThat(second.err).contains(
        "ptlake compact: cli_compact.loads: nothing to compact in 1 partitions (1 files)");
  }

  @Test
  void compactOfAMissingWarehouseOrTableExitsOneAndABadMonthTwo() {
    Result noWarehouse = ptlake("compact", "--warehouse", tmp.resolve("nowhere").toString());
    Result noTable = ptlake("compact", "--warehouse", warehouse.toString(), "--database",
        "cli_none");
    Result badMonth = ptlake("compact", "--warehouse", warehouse.toString(), "--month", "2024-5");

    assertThat(noWarehouse.exitCode).isEqualTo(1);
    assertThat(noWarehouse.err).isEqualTo("ptlake compact: Cannot compact because the warehouse "
        + tmp.resolve("nowhere") + " does not exist; give the folder an ingest wrote\n");
    assertThat(Files.exists(tmp.resolve("nowhere"))).isFalse();
    assertThat(noTable.exitCode).isEqualTo(1);
    assertThat(noTable.err).isEqualTo("ptlake compact: Cannot compact cli_none.in_network_rates"
        + " because the catalog has no such table (is --warehouse the ingest's, and --database"
        + " and --table its names?)\n");
    assertThat(badMonth.exitCode).isEqualTo(2);
    assertThat(badMonth.err).contains(
        "Cannot compact snapshot month '2024-5': expected YYYY-MM, e.g. 2024-05");
  }

  private static Result ptlake(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PtlakeCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  private record Result(int exitCode, String out, String err) {}
}
