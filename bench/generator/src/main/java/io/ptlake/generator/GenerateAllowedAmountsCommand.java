package io.ptlake.generator;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code generate-allowed-amounts}: writes one synthetic allowed-amounts (out-of-network) file and
 * its {@code .expected.json}, and prints the expected counts.
 */
@Command(
    name = "generate-allowed-amounts",
    sortOptions = false,
    description = {
      "Writes a deterministic synthetic TiC allowed-amounts (out-of-network) file, and"
          + " FILE.expected.json beside it: its counts and expected rows (one per item x entry x"
          + " payment x provider x NPI, docs/chunk-format.md), by billing code.",
      "Header and billing codes are those of `generate` with the same --seed, --version and"
          + " --entity-name. COUNT is MIN..MAX, N or pareto:MIN..MAX[,alpha=A] (docs/generator.md)."
    })
public final class GenerateAllowedAmountsCommand implements Callable<Integer> {
  private static final AllowedAmountsSpec DEFAULTS = AllowedAmountsSpec.builder().build();

  @Spec private CommandSpec command;

  // As in `generate`: --version is the schema's, so no mixinStandardHelpOptions.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
  private Path out;

  @ArgGroup(exclusive = true)
  private Amount amount = new Amount();

  static final class Amount {
    @Option(names = "--items", paramLabel = "N",
        description = "out_of_network items to write (default: ${DEFAULT-VALUE}).")
    private int items = DEFAULTS.itemCount();

    @Option(names = "--size-mb", paramLabel = "MB",
        description = "Write items until the uncompressed JSON reaches MB mebibytes.")
    private Double sizeMb;
  }

  @Option(names = "--version", paramLabel = "1|2",
      converter = GenerateCommand.VersionConverter.class,
      description = "Schema family: 1 (v1.6.2) or 2 (v2.x: entries carry a setting)"
          + " (default: 1).")
  private GeneratorSpec.Version version = DEFAULTS.version();

  @Option(names = "--header", paramLabel = "start|end",
      converter = GenerateCommand.HeaderConverter.class,
      description = "Whether the top-level scalars open or close the file (default: start).")
  private GeneratorSpec.HeaderPlacement header = DEFAULTS.headerPlacement();

  @Option(names = "--gzip", description = "Gzip the output, whatever the file name.")
  private boolean gzip;

  @Option(names = "--gzip-level", paramLabel = "1..9",
      description = "Deflate level (default: ${DEFAULT-VALUE}).")
  private int gzipLevel = DEFAULTS.gzipLevel();

  @Option(names = "--pretty", description = "Pretty-print, one value per line.")
  private boolean pretty;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  private long seed = DEFAULTS.seed();

  @Option(names = "--entries-per-item", paramLabel = "COUNT",
      converter = GenerateCommand.CountConverter.class,
      description = "allowed_amounts entries (TIN x billing class) per item"
          + " (default: ${DEFAULT-VALUE}).")
  private Count entriesPerItem = DEFAULTS.entriesPerItem();

  @Option(names = "--payments-per-entry", paramLabel = "COUNT",
      converter = GenerateCommand.CountConverter.class,
      description = "Payments (allowed amounts) per entry (default: ${DEFAULT-VALUE}).")
  private Count paymentsPerEntry = DEFAULTS.paymentsPerEntry();

  @Option(names = "--providers-per-payment", paramLabel = "COUNT",
      converter = GenerateCommand.CountConverter.class,
      description = "Providers (billed charges) per payment (default: ${DEFAULT-VALUE}).")
  private Count providersPerPayment = DEFAULTS.providersPerPayment();

  @Option(names = "--npis-per-provider", paramLabel = "COUNT",
      converter = GenerateCommand.CountConverter.class,
      description = "NPIs per provider (default: ${DEFAULT-VALUE}).")
  private Count npisPerProvider = DEFAULTS.npisPerProvider();

  @Option(names = "--empty-payments-fraction", paramLabel = "F",
      description = "Share of entries with \"payments\": [] (default: ${DEFAULT-VALUE}).")
  private double emptyPaymentsFraction = DEFAULTS.emptyPaymentsFraction();

  @Option(names = "--empty-providers-fraction", paramLabel = "F",
      description = "Share of payments with \"providers\": [] (default: ${DEFAULT-VALUE}).")
  private double emptyProvidersFraction = DEFAULTS.emptyProvidersFraction();

  @Option(names = "--empty-npi-fraction", paramLabel = "F",
      description = "Share of providers with \"npi\": [] (default: ${DEFAULT-VALUE}).")
  private double emptyNpiFraction = DEFAULTS.emptyNpiFraction();

  @Option(names = "--scalars-after-fraction", paramLabel = "F",
      description = "Share of items with their scalars after allowed_amounts"
          + " (default: ${DEFAULT-VALUE}).")
  private double scalarsAfterFraction = DEFAULTS.scalarsAfterFraction();

  @Option(names = "--entity-name", paramLabel = "NAME",
      description = "reporting_entity_name (default: one picked by the seed).")
  private String entityName;

  public GenerateAllowedAmountsCommand() {}

  @Override
  public Integer call() throws Exception {
    AllowedAmountsCounts counts = AllowedAmountsGenerator.writeWithSidecar(toSpec(), out);
    command.commandLine().getOut().print(counts.toJson());
    command.commandLine().getOut().flush();
    return 0;
  }

  private AllowedAmountsSpec toSpec() {
    try {
      AllowedAmountsSpec.Builder b = AllowedAmountsSpec.builder()
          .seed(seed)
          .version(version)
          .items(amount.items)
          .header(header)
          .gzip(gzip)
          .gzipLevel(gzipLevel)
          .pretty(pretty)
          .entriesPerItem(entriesPerItem)
          .paymentsPerEntry(paymentsPerEntry)
          .providersPerPayment(providersPerPayment)
          .npisPerProvider(npisPerProvider)
          .emptyPaymentsFraction(emptyPaymentsFraction)
          .emptyProvidersFraction(emptyProvidersFraction)
          .emptyNpiFraction(emptyNpiFraction)
          .scalarsAfterFraction(scalarsAfterFraction)
          .reportingEntityName(entityName);
      if (amount.sizeMb != null) {
        b.targetBytes(Math.round(amount.sizeMb * GeneratorSpec.BYTES_PER_MB));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage(), e);
    }
  }
}
