package io.ptlake.generator;

import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code generate}: writes one synthetic in-network file and its {@code .expected.json}, and prints
 * the expected counts. Self-contained, so another CLI can mount it as a subcommand.
 */
@Command(
    name = "generate",
    sortOptions = false,
    description = {
      "Writes a deterministic synthetic TiC in-network file, and FILE.expected.json beside it.",
      "Prints the expected counts (rows per docs/chunk-format.md) as JSON on stdout."
    })
public final class GenerateCommand implements Callable<Integer> {

  private static final GeneratorSpec DEFAULTS = GeneratorSpec.builder().build();

  /** What {@code --shape payer-like} stands for, for the help (a test holds it to the shape). */
  static final String PAYER_LIKE_OPTIONS = "--npis-per-group pareto:50..5000,alpha=1.1"
      + " --groups-per-reference 1..3 --references 1000 --references-per-rate"
      + " pareto:1..40,alpha=1.2 --rates-per-item pareto:1..400,alpha=0.8"
      + " --prices-per-rate pareto:1..40,alpha=1.2 --inline-groups-per-rate 1..2"
      + " --service-codes-per-price pareto:1..52,alpha=0.8 --repeat-groups-fraction 0.9";

  @Spec private CommandSpec command;

  // Not mixinStandardHelpOptions: its -V/--version clashes with --version 1|2, and picocli then
  // drops the whole mixin, --help included. The tool's version is the parent CLI's.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  private boolean help;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
  private Path out;

  @Option(
      names = "--shape",
      paramLabel = "default|payer-like",
      converter = ShapeConverter.class,
      description = {
        "Preset of the count options below; an option given as well overrides it (default:"
            + " default). payer-like: " + PAYER_LIKE_OPTIONS + ".",
        "COUNT is MIN..MAX or N (uniform), or pareto:MIN..MAX[,alpha=A] (heavy-tailed: P(X >= x)"
            + " ~ x^-A from MIN, cut at MAX; A defaults to 1). See docs/generator.md."
      })
  private GeneratorSpec.Shape shape = GeneratorSpec.Shape.DEFAULT;

  @ArgGroup(exclusive = true)
  private Amount amount = new Amount();

  static final class Amount {
    @Option(
        names = "--items",
        paramLabel = "N",
        description = "Items to write, giant ones included (default: ${DEFAULT-VALUE}).")
    private int items = DEFAULTS.itemCount();

    @Option(
        names = "--size-mb",
        paramLabel = "MB",
        description = "Write items until the uncompressed JSON reaches MB mebibytes.")
    private Double sizeMb;
  }

  @Option(
      names = "--version",
      paramLabel = "1|2",
      converter = VersionConverter.class,
      description = "Schema family: 1 (v1.6.2) or 2 (v2.2.0) (default: 1).")
  private GeneratorSpec.Version version = DEFAULTS.version();

  @Option(
      names = "--refs",
      paramLabel = "first|last|absent",
      converter = RefsConverter.class,
      description = "Where provider_references lies relative to in_network (default: first).")
  private GeneratorSpec.ReferencesPlacement refs = DEFAULTS.referencesPlacement();

  @Option(
      names = "--header",
      paramLabel = "start|end",
      converter = HeaderConverter.class,
      description = "Whether the top-level scalars open or close the file (default: start).")
  private GeneratorSpec.HeaderPlacement header = DEFAULTS.headerPlacement();

  @Option(names = "--gzip", description = "Gzip the output, whatever the file name.")
  private boolean gzip;

  @Option(
      names = "--gzip-level",
      paramLabel = "1..9",
      description = "Deflate level: 1 is fastest (default: ${DEFAULT-VALUE}).")
  private int gzipLevel = DEFAULTS.gzipLevel();

  @Option(names = "--pretty", description = "Pretty-print, one value per line.")
  private boolean pretty;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  private long seed = DEFAULTS.seed();

  @Option(
      names = "--giant-items",
      paramLabel = "N",
      description = "Giant items among the items (default: ${DEFAULT-VALUE}).")
  private int giantItems = DEFAULTS.giantItemCount();

  @Option(
      names = "--giant-item-mb",
      paramLabel = "MB",
      description = "Size of each giant item's negotiated_rates (default: ${DEFAULT-VALUE}).")
  private double giantItemMb = DEFAULTS.giantItemBytes() / (double) GeneratorSpec.BYTES_PER_MB;

  @Option(
      names = "--giant-scalars-first",
      description = "Write giant items' scalar fields before negotiated_rates, not after.")
  private boolean giantScalarsFirst;

  @Option(
      names = "--scalars-after-fraction",
      paramLabel = "F",
      description =
          "Share of other items with scalars after their rates (default: ${DEFAULT-VALUE}).")
  private double scalarsAfterFraction = DEFAULTS.scalarsAfterRatesFraction();

  @Option(
      names = "--references",
      paramLabel = "N",
      description = "Distinct provider_group_ids defined (default: ${DEFAULT-VALUE}).")
  private int references = DEFAULTS.providerReferenceCount();

  @Option(
      names = "--rates-per-item",
      paramLabel = "COUNT",
      converter = CountConverter.class,
      description = "Negotiated rates per ordinary item (default: ${DEFAULT-VALUE}).")
  private Count ratesPerItem = DEFAULTS.ratesPerItem();

  @Option(
      names = "--prices-per-rate",
      paramLabel = "COUNT",
      converter = CountConverter.class,
      description = "Negotiated prices per rate (default: ${DEFAULT-VALUE}).")
  private Count pricesPerRate = DEFAULTS.pricesPerRate();

  @Option(
      names = "--references-per-rate",
      paramLabel = "COUNT",
      converter = CountConverter.class,
      description = "Ids in a rate's provider_references (default: ${DEFAULT-VALUE}).")
  private Count referencesPerRate = DEFAULTS.referencesPerRate();

  @Option(
      names = "--groups-per-reference",
      paramLabel = "COUNT",
      converter = CountConverter.class,
      description = "Groups in a provider_references entry (default: ${DEFAULT-VALUE}).")
  private Count groupsPerReference = DEFAULTS.groupsPerReference();

  @Option(
      names = "--inline-groups-per-rate",
      paramLabel = "COUNT",
      converter = CountConverter.class,
      description = "Groups in a rate's inline provider_groups (default: ${DEFAULT-VALUE}).")
  private Count inlineGroupsPerRate = DEFAULTS.inlineGroupsPerRate();

  @Option(
      names = "--npis-per-group",
      paramLabel = "COUNT",
      converter = CountConverter.class,
      description = "NPIs in a group (default: ${DEFAULT-VALUE}).")
  private Count npisPerGroup = DEFAULTS.npisPerGroup();

  @Option(
      names = "--service-codes-per-price",
      paramLabel = "COUNT",
      converter = CountConverter.class,
      description = "Codes in a professional price's service_code, a run of the place-of-service"
          + " table (default: \"CSTM-00\" once in five, else 1..3).")
  private Count serviceCodesPerPrice;

  @Option(
      names = "--inline-fraction",
      paramLabel = "F",
      description = "1.x only: share of rates with inline provider_groups (default: 0.3).")
  private Double inlineFraction;

  @Option(
      names = "--remote-fraction",
      paramLabel = "F",
      description = "1.x only: share of references that are a remote location (default: 0.01).")
  private Double remoteFraction;

  @Option(
      names = "--repeat-groups-fraction",
      paramLabel = "F",
      description = "1.x: share of inline rates listing the same provider_groups as the item's"
          + " previous inline rate (default: ${DEFAULT-VALUE}).")
  private double repeatGroupsFraction = DEFAULTS.repeatedInlineGroupsFraction();

  @Option(
      names = "--undefined-fraction",
      paramLabel = "F",
      description = "Share of referenced ids left undefined (default: ${DEFAULT-VALUE}).")
  private double undefinedFraction = DEFAULTS.undefinedReferenceFraction();

  @Option(
      names = "--empty-npi-fraction",
      paramLabel = "F",
      description = "Share of groups with \"npi\": [] (default: ${DEFAULT-VALUE}).")
  private double emptyNpiFraction = DEFAULTS.emptyNpiGroupFraction();

  @Option(
      names = "--tin-level-fraction",
      paramLabel = "F",
      description = "Share of groups with \"npi\": [0] (default: ${DEFAULT-VALUE}).")
  private double tinLevelFraction = DEFAULTS.tinLevelGroupFraction();

  @Option(
      names = "--empty-reference-fraction",
      paramLabel = "F",
      description = "Share of references with no groups (default: ${DEFAULT-VALUE}).")
  private double emptyReferenceFraction = DEFAULTS.emptyReferenceFraction();

  @Option(
      names = "--duplicate-fraction",
      paramLabel = "F",
      description = "Share of ids defined by two entries (default: ${DEFAULT-VALUE}).")
  private double duplicateFraction = DEFAULTS.duplicateReferenceFraction();

  @Option(
      names = "--repeat-codes",
      description = "Draw billing codes from a small pool, so codes repeat across items.")
  private boolean repeatCodes;

  @Option(
      names = "--entity-name",
      paramLabel = "NAME",
      description = "reporting_entity_name (default: one picked by the seed).")
  private String entityName;

  /** Picocli creates it; the fields are its options. */
  public GenerateCommand() {}

  @Override
  public Integer call() throws Exception {
    GeneratorSpec spec = toSpec();
    ExpectedCounts counts = TicFileGenerator.writeWithSidecar(spec, out);
    command.commandLine().getOut().print(counts.toJson());
    command.commandLine().getOut().flush();
    return 0;
  }

  /**
   * The shape first, then every option given on the command line: an option left out keeps the
   * shape's value, which for the default shape is the builder's default (the field's value).
   */
  private GeneratorSpec toSpec() {
    try {
      GeneratorSpec.Builder b =
          GeneratorSpec.builder()
              .shape(shape)
              .seed(seed)
              .version(version)
              .items(amount.items)
              .references(refs)
              .header(header)
              .gzip(gzip)
              .gzipLevel(gzipLevel)
              .pretty(pretty)
              .giantItems(giantItems, megabytes(giantItemMb))
              .giantScalarsAfterRates(!giantScalarsFirst)
              .scalarsAfterRatesFraction(scalarsAfterFraction)
              .undefinedReferenceFraction(undefinedFraction)
              .emptyNpiGroupFraction(emptyNpiFraction)
              .tinLevelGroupFraction(tinLevelFraction)
              .emptyReferenceFraction(emptyReferenceFraction)
              .duplicateReferenceFraction(duplicateFraction)
              .repeatBillingCodes(repeatCodes)
              .reportingEntityName(entityName);
      ParseResult given = command.commandLine().getParseResult();
      ifGiven(given, "--references", b::providerReferences, references);
      ifGiven(given, "--rates-per-item", b::ratesPerItem, ratesPerItem);
      ifGiven(given, "--prices-per-rate", b::pricesPerRate, pricesPerRate);
      ifGiven(given, "--references-per-rate", b::referencesPerRate, referencesPerRate);
      ifGiven(given, "--groups-per-reference", b::groupsPerReference, groupsPerReference);
      ifGiven(given, "--inline-groups-per-rate", b::inlineGroupsPerRate, inlineGroupsPerRate);
      ifGiven(given, "--npis-per-group", b::npisPerGroup, npisPerGroup);
      ifGiven(given, "--repeat-groups-fraction", b::repeatedInlineGroupsFraction,
          repeatGroupsFraction);
      ifGiven(given, "--service-codes-per-price", b::serviceCodesPerPrice, serviceCodesPerPrice);
      if (amount.sizeMb != null) {
        b.targetBytes(megabytes(amount.sizeMb));
      }
      if (inlineFraction != null) {
        b.inlineGroupFraction(inlineFraction);
      }
      if (remoteFraction != null) {
        b.remoteReferenceFraction(remoteFraction);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage(), e);
    }
  }

  /** Sets a knob of the shape only when its option is on the command line. */
  private static <T> void ifGiven(ParseResult given, String option, Consumer<T> knob, T value) {
    if (given.hasMatchedOption(option)) {
      knob.accept(value);
    }
  }

  private static long megabytes(double mb) {
    return Math.round(mb * GeneratorSpec.BYTES_PER_MB);
  }

  static final class CountConverter implements ITypeConverter<Count> {
    @Override
    public Count convert(String value) {
      try {
        return Count.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class VersionConverter implements ITypeConverter<GeneratorSpec.Version> {
    @Override
    public GeneratorSpec.Version convert(String value) {
      return switch (value) {
        case "1" -> GeneratorSpec.Version.V1;
        case "2" -> GeneratorSpec.Version.V2;
        default -> throw new TypeConversionException("expected 1 or 2 but was '" + value + "'");
      };
    }
  }

  /** Enum values in any case on the command line, whatever the parent CLI's settings. */
  private abstract static class LowerCaseEnumConverter<E extends Enum<E>>
      implements ITypeConverter<E> {
    private final Class<E> type;

    LowerCaseEnumConverter(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equalsIgnoreCase(value)) {
          return constant;
        }
      }
      throw new TypeConversionException("expected one of " + names() + " but was '" + value + "'");
    }

    private String names() {
      StringJoiner names = new StringJoiner(", ");
      for (E constant : type.getEnumConstants()) {
        names.add(constant.name().toLowerCase(Locale.ROOT));
      }
      return names.toString();
    }
  }

  static final class RefsConverter
      extends LowerCaseEnumConverter<GeneratorSpec.ReferencesPlacement> {
    RefsConverter() {
      super(GeneratorSpec.ReferencesPlacement.class);
    }
  }

  static final class ShapeConverter implements ITypeConverter<GeneratorSpec.Shape> {
    @Override
    public GeneratorSpec.Shape convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "default" -> GeneratorSpec.Shape.DEFAULT;
        case "payer-like" -> GeneratorSpec.Shape.PAYER_LIKE;
        default -> throw new TypeConversionException(
            "expected default or payer-like but was '" + value + "'");
      };
    }
  }

  static final class HeaderConverter extends LowerCaseEnumConverter<GeneratorSpec.HeaderPlacement> {
    HeaderConverter() {
      super(GeneratorSpec.HeaderPlacement.class);
    }
  }
}
