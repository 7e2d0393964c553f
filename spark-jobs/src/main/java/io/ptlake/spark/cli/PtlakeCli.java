package io.ptlake.spark.cli;

import io.ptlake.generator.GenerateCommand;
import io.ptlake.preprocess.PreprocessCommand;
import io.ptlake.preprocess.ToolVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ptlake} command line. The data flows through the subcommands in the order they are
 * listed: generate (test data) → preprocess → ingest → compact → sql → report; run and demo chain
 * them.
 */
@Command(
    name = "ptlake",
    mixinStandardHelpOptions = true,
    versionProvider = PtlakeCli.Version.class,
    description = "CMS Transparency-in-Coverage price files to a partitioned, bucketed Parquet"
        + " data lake with a catalog.",
    subcommands = {
      GenerateCommand.class,
      io.ptlake.generator.GenerateAllowedAmountsCommand.class,
      io.ptlake.generator.GenerateTocCommand.class,
      io.ptlake.generator.GenerateNppesCommand.class,
      PreprocessCommand.class,
      io.ptlake.spark.preprocess.PreprocessManyCommand.class,
      IngestCommand.class,
      ProvidersCommand.class,
      CompactCommand.class,
      RunCommand.class,
      SqlCommand.class,
      ReportCommand.class,
      DemoCommand.class,
      CatalogCommand.class,
      HelpCommand.class
    })
public final class PtlakeCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Without a subcommand there is nothing to do: say what there is, and fail like a typo. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  public static CommandLine commandLine() {
    return new CommandLine(new PtlakeCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    // Spark leaves non-daemon threads behind; the exit code must still reach the shell.
    System.exit(commandLine().execute(args));
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ptlake " + ToolVersion.VALUE};
    }
  }
}
