package io.ptlake.spark.cli;

import io.ptlake.preprocess.storage.AwsClientFactory;
import io.ptlake.preprocess.storage.StorageProperties;
import io.ptlake.spark.catalog.CatalogException;
import io.ptlake.spark.catalog.GlueProperties;
import io.ptlake.spark.catalog.GlueTableRegistrar;
import io.ptlake.spark.catalog.PartitionMode;
import io.ptlake.spark.catalog.RatesTable;
import io.ptlake.spark.catalog.RegistrationPlan;
import io.ptlake.spark.catalog.RegistrationPlanner;
import io.ptlake.spark.catalog.RegistrationResult;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.TableLayout;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code ptlake catalog}: the Glue Data Catalog side of the lake, for Athena. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Registers ptlake's tables in the AWS Glue Data Catalog so Athena reads them"
        + " partitioned and bucketed.",
    subcommands = {CatalogCommand.Register.class})
public final class CatalogCommand implements Callable<Integer> {
  private static final String PREFIX = "ptlake catalog register: ";

  @Spec CommandSpec spec;

  public CatalogCommand() {}

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code ptlake catalog register}. */
  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = {
        "Creates or updates the Glue database and table (EXTERNAL_TABLE, Parquet, partitioned by"
            + " snapshot_month and billing_code, bucketed and sorted by npi, or with --layout"
            + " source partitioned by snapshot_month and source_id, bucketed by billing_code and"
            + " sorted by billing_code; bucketing_format=spark) and registers the"
            + " partitions found under the table's location. Then, each that the ingest wrote"
            + " under WH/<database>.db, the tables beside it: rejects and the normalized tables"
            + " rates (partitioned by snapshot_month and source_id, bucketed and sorted by"
            + " billing_code), provider_groups, in_network_items and files (not bucketed), and"
            + " allowed_amounts (as rates), plans and plan_files (by month); rejects, rates and"
            + " allowed_amounts keep their partitions in the catalog even with --partitions"
            + " projection. Last, providers and taxonomies at the version folder their last"
            + " providers load switched readers to."
            + " Idempotent:"
            + " only what differs is written.",
        "Prints a JSON summary on stdout (tables_registered, tables_absent, one entry per"
            + " table); with --dry-run, the Glue requests (AWS JSON) that a catalog without the"
            + " database would receive, and calls nothing."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:done",
        "1:Glue or S3 refused a call, a partition could not be registered, the files do not"
            + " match --buckets, or (projection) a snapshot month lies outside the projected range",
        "2:invalid options"
      })
  public static final class Register implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--warehouse", required = true, paramLabel = "WH",
        description = "The warehouse the ingest wrote: s3://bucket/prefix (s3a:// too) or a local"
            + " folder. The table is at WH/<database>.db/<table>, Spark's layout.")
    String warehouse;

    @Option(names = "--location", paramLabel = "URI",
        description = "The table's folder, when it is not WH/<database>.db/<table>.")
    String location;

    @Option(names = "--database", defaultValue = IngestConfig.DEFAULT_DATABASE,
        description = "Glue database (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = "--table", defaultValue = IngestConfig.DEFAULT_TABLE,
        description = "Table name (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--region", paramLabel = "REGION",
        description = "AWS region of Glue and S3 (default: AWS_REGION, the profile, then us-east-1).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
        description = "Glue endpoint instead of AWS's (a VPC endpoint or a test double).")
    URI endpointUrl;

    @Option(names = "--buckets", paramLabel = "N",
        description = "Buckets the ingest wrote (its --buckets); checked against the files' bucket"
            + " ids (default: the layout's, 1 for billing_code, 16 for source).")
    Integer buckets;

    @Option(names = "--layout", paramLabel = "billing_code|source",
        defaultValue = IngestConfig.DEFAULT_LAYOUT_OPTION,
        converter = TableOptions.LayoutConverter.class,
        description = "The layout the ingest wrote (its --layout); checked against the table's"
            + " folders (default: ${DEFAULT-VALUE}).")
    TableLayout layout;

    @Option(names = "--partitions", paramLabel = "projection|catalog", defaultValue = "catalog",
        converter = PartitionModeConverter.class,
        description = "catalog: register every partition in Glue (any query works); projection:"
            + " partition projection (snapshot_month a month from "
            + RatesTable.FIRST_PROJECTED_MONTH + " to the current one, billing_code injected),"
            + " nothing to register, but every query must name billing_code (in_network_items and"
            + " files by month only; rejects and the normalized rates, by source, always in the"
            + " catalog)"
            + " (default: ${DEFAULT-VALUE}).")
    PartitionMode partitions;

    @Option(names = "--dry-run",
        description = "Print the Glue requests as JSON instead of sending them.")
    boolean dryRun;

    @Option(names = "--trino-ddl", paramLabel = "CATALOG",
        description = "Print, instead of calling Glue, the Trino statements that register the"
            + " same tables in the Hive-connector catalog CATALOG of a Trino of your own (EMR's"
            + " Trino, Starburst, a local one): no Spark bucket spec, which Trino would misread,"
            + " and partitions synced from the folders (docs/athena-and-trino.md).")
    String trinoCatalog;

    public Register() {}

    @Override
    public Integer call() {
      requireIdentifier("--database", database);
      requireIdentifier("--table", table);
      if (buckets == null) {
        buckets = layout.defaultBuckets();
      }
      if (buckets < 1 || buckets > IngestConfig.MAX_BUCKETS) {
        throw new ParameterException(spec.commandLine(), "Invalid --buckets " + buckets
            + ": expected 1 to " + IngestConfig.MAX_BUCKETS);
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        StorageProperties storage = StorageProperties.builder().region(region).build();
        RegistrationPlan plan = new RegistrationPlanner(
            RegistrationPlanner.lister(() -> new AwsClientFactory(storage).s3()),
            warning -> err.println(PREFIX + "warning: " + warning))
            .plan(new RegistrationPlanner.Request(warehouse, location, database, table, buckets,
                layout, partitions));
        if (trinoCatalog != null) {
          out.print(plan.trinoStatements(trinoCatalog));
          return 0;
        }
        GlueProperties properties = GlueProperties.builder()
            .region(region).endpoint(endpointUrl).build();
        if (dryRun) {
          out.println(plan.glueRequestsJson(partitions, properties.batchSize()));
          return 0;
        }
        if (!plan.onS3()) {
          err.println(PREFIX + "warning: " + plan.tableLocation() + " is not on S3; Athena"
              + " cannot read it");
        }
        try (GlueTableRegistrar registrar = GlueTableRegistrar.create(properties)) {
          List<RegistrationResult> results = plan.register(registrar, partitions);
          out.println(plan.summaryJson(results));
          return RegistrationPlan.complete(results) ? 0 : 1;
        }
      } catch (CatalogException e) {
        err.println(PREFIX + e.getMessage());
        return 1;
      } catch (SdkException e) {
        err.println(PREFIX + "Cannot register " + database + "." + table + " because AWS"
            + " answered: " + e.getMessage());
        return 1;
      } finally {
        out.flush();
        err.flush();
      }
    }

    private void requireIdentifier(String option, String name) {
      if (!IngestConfig.isIdentifier(name)) {
        throw new ParameterException(spec.commandLine(), "Invalid " + option + " '" + name
            + "': expected lower-case letters, digits and underscores, not starting with a"
            + " digit");
      }
    }
  }

  /** Lower case on the command line, like every other value there. */
  static final class PartitionModeConverter implements ITypeConverter<PartitionMode> {
    @Override
    public PartitionMode convert(String value) {
      return PartitionMode.valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
