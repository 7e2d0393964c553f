package io.ptlake.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.TableFormat;
import io.ptlake.spark.ingest.WriteMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Option parsing only: running the command would start a second Spark session. */
class IngestCommandTest {
  @Test
  void turnsItsOptionsIntoAnIngestConfig() {
    IngestCommand command = new IngestCommand();
    CommandLine cli = new CommandLine(command);
    cli.parseArgs("/out/a", "s3a://bucket/out/b", "--warehouse", "/wh", "--database", "lake",
        "--table", "rates", "--buckets", "4", "--mode", "append");

    IngestConfig config = command.tableOptions.config(command.dirs, cli.getCommandSpec());

    assertThat(config).isEqualTo(new IngestConfig(
        List.of("/out/a", "s3a://bucket/out/b"), "lake", "rates", 4, WriteMode.APPEND));
  }

  @Test
  void targetFileSizeTakesSuffixes() {
    for (String[] size : new String[][] {{"512m", "536870912"}, {"1G", "1073741824"},
        {"64k", "65536"}, {"1000", "1000"}}) {
      IngestCommand command = new IngestCommand();
      CommandLine cli = new CommandLine(command);
      cli.parseArgs("/out/a", "--target-file-size", size[0]);

      assertThat(command.tableOptions.config(command.dirs, cli.getCommandSpec()))
          .isEqualTo(IngestConfig.of(List.of("/out/a"))
              .withTargetFileBytes(Long.parseLong(size[1])));
    }
    for (String bad : new String[] {"0", "12 m", "1t", "-5m"}) {
      IngestCommand command = new IngestCommand();
      CommandLine cli = new CommandLine(command);
      assertThatThrownBy(() -> {
        cli.parseArgs("/out/a", "--target-file-size", bad);
        command.tableOptions.config(command.dirs, cli.getCommandSpec());
      }).as(bad).isInstanceOf(CommandLine.ParameterException.class);
    }
  }

  @Test
  void defaultsMatchTheJobs() {
    IngestCommand command = new IngestCommand();
    CommandLine cli = new CommandLine(command);
    cli.parseArgs("/out/a");

    assertThat(command.tableOptions.config(command.dirs, cli.getCommandSpec()))
        .isEqualTo(IngestConfig.of(List.of("/out/a")));
    // The fields' own values, for options built without parsing, are the same constants.
    assertThat(new TableOptions().config(List.of("/out/a"), cli.getCommandSpec()))
        .isEqualTo(IngestConfig.of(List.of("/out/a")));
    assertThat(cli.getUsageMessage().replaceAll("\\s+", " ")).contains(
        "Database of the table (default: ptlake)", "Table name (default: in_network_rates)",
        "hive tables only (default: source)",
        "the given sources only (default: merge)", "tables of contents given still load)"
            + " (default: on)", "snapshot. The normalized tables and rejects stay hive"
            + " (default: hive)", "0 keeps one partition per code (default: 0)",
        "k, m or g suffix (default: 256m)", "always written by Spark's (default: columnar)");
  }

  @Test
  void noNormalizedTurnsTheNormalizedTablesOff() {
    IngestCommand command = new IngestCommand();
    CommandLine cli = new CommandLine(command);
    cli.parseArgs("/out/a", "--no-normalized");

    assertThat(command.tableOptions.config(command.dirs, cli.getCommandSpec()))
        .isEqualTo(IngestConfig.of(List.of("/out/a")).withNormalized(false));
  }

  @Test
  void tableFormatIcebergTakesCodeBucketsAndHiveRefusesThem() {
    IngestCommand command = new IngestCommand();
    CommandLine cli = new CommandLine(command);
    cli.parseArgs("/out/a", "--table-format", "iceberg", "--code-buckets", "16");

    assertThat(command.tableOptions.config(command.dirs, cli.getCommandSpec()))
        .isEqualTo(IngestConfig.of(List.of("/out/a")).withFormat(TableFormat.ICEBERG, 16));

    IngestCommand hive = new IngestCommand();
    CommandLine hiveCli = new CommandLine(hive);
    hiveCli.parseArgs("/out/a", "--code-buckets", "16");
    assertThatThrownBy(() -> hive.tableOptions.config(hive.dirs, hiveCli.getCommandSpec()))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--code-buckets needs --table-format iceberg");
  }

  @Test
  void reportsAnInvalidSettingAsAUsageError() {
    IngestCommand command = new IngestCommand();
    CommandLine cli = new CommandLine(command);
    cli.parseArgs("/out/a", "--buckets", "0");

    assertThatThrownBy(() -> command.tableOptions.config(command.dirs, cli.getCommandSpec()))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("0 buckets");
  }
}
