package io.ptlake.generator;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code generate-toc}: a table of contents over given files, and its expected counts. */
@Command(
    name = "generate-toc",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes a deterministic table-of-contents file listing the given in-network (and"
          + " allowed-amounts) locations under distinct plans, and FILE.expected.json: its"
          + " structures, plans, files and plan -> file links.",
      "Locations are written as given: relative ones are resolved against the ToC's folder."
    })
public final class GenerateTocCommand implements Callable<Integer> {
  @Spec private CommandSpec command;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
  private Path out;

  @Option(names = "--in-network", required = true, split = ",", paramLabel = "LOCATION",
      description = "In-network file locations the structures pick from (comma-separated).")
  private List<String> inNetwork;

  @Option(names = "--allowed-amounts", split = ",", paramLabel = "LOCATION",
      description = "Allowed-amounts file locations, one per structure in turn.")
  private List<String> allowedAmounts = List.of();

  @ArgGroup(exclusive = true)
  private Amount amount = new Amount();

  static final class Amount {
    @Option(names = "--structures", paramLabel = "N",
        description = "reporting_structure entries (default: ${DEFAULT-VALUE}).")
    private int structures = 10;

    @Option(names = "--size-mb", paramLabel = "MB",
        description = "Write structures until the JSON reaches MB mebibytes.")
    private Double sizeMb;
  }

  @Option(names = "--plans-per-structure", paramLabel = "COUNT",
      converter = GenerateCommand.CountConverter.class,
      description = "Distinct plans per structure (default: 1..4).")
  private Count plansPerStructure = IntRange.of(1, 4);

  @Option(names = "--files-per-structure", paramLabel = "COUNT",
      converter = GenerateCommand.CountConverter.class,
      description = "Distinct in-network files per structure (default: 1).")
  private Count filesPerStructure = IntRange.of(1, 1);

  @Option(names = "--entity-name", paramLabel = "NAME",
      description = "reporting_entity_name (default: ${DEFAULT-VALUE}).")
  private String entityName = "Acme Health Insurance Company";

  @Option(names = "--last-updated-on", paramLabel = "YYYY-MM-DD",
      description = "last_updated_on (default: ${DEFAULT-VALUE}).")
  private String lastUpdatedOn = "2025-06-01";

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  private long seed = 42;

  public GenerateTocCommand() {}

  @Override
  public Integer call() throws Exception {
    TocSpec spec;
    try {
      TocSpec.Builder b = TocSpec.builder().seed(seed).reportingEntityName(entityName)
          .lastUpdatedOn(lastUpdatedOn).structures(amount.structures)
          .plansPerStructure(plansPerStructure).inNetworkPerStructure(filesPerStructure)
          .inNetworkFiles(inNetwork).allowedAmountFiles(allowedAmounts);
      if (amount.sizeMb != null) {
        b.targetBytes(Math.round(amount.sizeMb * GeneratorSpec.BYTES_PER_MB));
      }
      spec = b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage(), e);
    }
    TocCounts counts = TocGenerator.writeWithSidecar(spec, out);
    command.commandLine().getOut().print(counts.toJson());
    command.commandLine().getOut().flush();
    return 0;
  }
}
