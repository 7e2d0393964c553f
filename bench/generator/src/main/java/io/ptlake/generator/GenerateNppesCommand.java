package io.ptlake.generator;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate-nppes}: an NPPES-shaped ZIP of the first N NPIs of the generator's pool. */
@Command(
    name = "generate-nppes",
    mixinStandardHelpOptions = true,
    description = {
      "Writes an NPPES-shaped monthly ZIP (330-column npidata_pfile CSV) for the NPIs of the"
          + " generator's shared pool, as generated files draw them: a benchmark input for"
          + " `ptlake providers load`. Prints the data rows written.",
      "One NPI in " + NppesFile.MISSING_ONE_IN + " is left out, one in "
          + NppesFile.DEACTIVATED_ONE_IN + " of the others deactivated."
    })
public final class GenerateNppesCommand implements Callable<Integer> {
  @Spec private CommandSpec command;

  @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "File to write.")
  private Path out;

  @Option(names = "--npis", paramLabel = "N",
      description = "NPIs of the pool to cover, at most " + ProviderGroups.NPI_POOL
          + " (default: ${DEFAULT-VALUE}).")
  private int npis = ProviderGroups.NPI_POOL;

  @Option(names = "--seed", description = "Which NPIs are left out and deactivated"
      + " (default: ${DEFAULT-VALUE}).")
  private long seed = SampleExtras.NPPES_SEED;

  public GenerateNppesCommand() {}

  @Override
  public Integer call() throws Exception {
    List<Long> pool = new ArrayList<>();
    for (int i = 0; i < Math.min(npis, ProviderGroups.NPI_POOL); i++) {
      pool.add(ProviderGroups.npi(i));
    }
    List<Long> sorted = pool.stream().distinct().sorted().toList();
    long rows;
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      rows = NppesFile.writeZip(sorted, seed, file);
    }
    command.commandLine().getOut().println("{\"rows\" : " + rows + "}");
    command.commandLine().getOut().flush();
    return 0;
  }
}
