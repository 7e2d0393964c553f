package io.ptlake.generator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Stand-alone entry point: {@code generate} for one file, {@code samples} for sample-data/. */
@Command(
    name = "ptlake-generator",
    mixinStandardHelpOptions = true,
    subcommands = {
      GenerateCommand.class, GenerateAllowedAmountsCommand.class, GenerateTocCommand.class,
      GenerateNppesCommand.class, SamplesCommand.class
    },
    description = "Deterministic generator of TiC in-network and allowed-amounts files with their"
        + " expected counts.")
public final class GeneratorMain implements Runnable {

  @Spec private CommandSpec command;

  public static void main(String[] args) {
    System.exit(new CommandLine(new GeneratorMain()).execute(args));
  }

  /** Without a subcommand there is nothing to do but explain. */
  @Override
  public void run() {
    command.commandLine().usage(command.commandLine().getOut());
  }
}
