package io.ptlake.spark.catalog;

import io.ptlake.preprocess.storage.AwsClientFactory;
import io.ptlake.preprocess.storage.StorageProperties;
import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.TableLayout;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code ptlake catalog}: the Glue Data Catalog side of the lake, for Athena. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Registers ptlake's tables in the AWS Glue Data Catalog so Athena reads them"
        + " partitioned and bucketed.",
    subcommands = {CatalogCommand.Register.class})
public final class CatalogCommand implements Callable<Integer> {
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

    @Option(names = "--layout", paramLabel = "billing_code|source", defaultValue = "source",
        converter = LayoutConverter.class,
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
      boolean onS3 = isS3(warehouse) || (location != null && isS3(location));
      String databaseLocation = join(uri(warehouse), database + ".db");
      String tableLocation = location != null ? uri(location) : join(databaseLocation, table);
      try {
        if (layout == TableLayout.SOURCE && partitions == PartitionMode.PROJECTION) {
          err.println("ptlake catalog register: Cannot register " + database + "." + table
              + " with --layout source and --partitions projection because source_id would be"
              + " projected as injected: every query would have to name a source id. Use"
              + " --partitions catalog (one partition per source and month)");
          return 1;
        }
        TableListing listing = list(tableLocation, layout.partitionColumns());
        String mismatch = layoutMismatch(listing, tableLocation);
        if (mismatch == null) {
          mismatch = bucketMismatch(listing, tableLocation);
        }
        if (mismatch == null && partitions == PartitionMode.PROJECTION) {
          mismatch = monthsOutsideProjection(database + "." + table, listing, err);
        }
        if (mismatch != null) {
          err.println("ptlake catalog register: " + mismatch);
          return 1;
        }
        TableDefinition definition = RatesTable.definition(database,
            TableListing.catalogLocation(databaseLocation), table,
            TableListing.catalogLocation(tableLocation), buckets, layout);
        List<Registration> registrations = new ArrayList<>();
        registrations.add(new Registration(definition, listing.partitions()));
        List<String> absent = new ArrayList<>();
        for (LakeTables.LakeTable beside : LakeTables.BESIDE_RATES) {
          String name = beside.tableName(table);
          String besideLocation = join(databaseLocation, name);
          TableListing besideListing = list(besideLocation,
              beside.written().partitionColumns());
          if (!besideListing.exists()) {
            // A --no-normalized ingest (or one without rejects) wrote no such table.
            absent.add(database + "." + name);
            continue;
          }
          TableDefinition besideDefinition = beside.definition(database,
              TableListing.catalogLocation(databaseLocation), name,
              TableListing.catalogLocation(besideLocation));
          String earlier = earlierRatesLayout(besideDefinition, besideListing, besideLocation);
          if (earlier != null) {
            err.println("ptlake catalog register: " + earlier);
            return 1;
          }
          if (besideDefinition.partitionMode(partitions) == PartitionMode.PROJECTION) {
            String outside = monthsOutsideProjection(
                besideDefinition.qualifiedName(), besideListing, err);
            if (outside != null) {
              err.println("ptlake catalog register: " + outside);
              return 1;
            }
          }
          registrations.add(new Registration(besideDefinition, besideListing.partitions()));
        }
        for (LakeTables.LakeTable replaced : LakeTables.REPLACED) {
          String name = replaced.tableName(table);
          Optional<String> version = currentVersion(join(databaseLocation, name));
          if (version.isEmpty()) {
            // No providers load has completed in this warehouse.
            absent.add(database + "." + name);
            continue;
          }
          registrations.add(new Registration(replaced.definition(database,
              TableListing.catalogLocation(databaseLocation), name,
              TableListing.catalogLocation(version.get())), List.of()));
        }
        if (trinoCatalog != null) {
          out.print(trinoStatements(registrations));
          out.flush();
          return 0;
        }
        GlueProperties properties = GlueProperties.builder()
            .region(region).endpoint(endpointUrl).build();
        if (dryRun) {
          List<SdkRequest> requests = new ArrayList<>(GlueRequests.forEmptyCatalog(
              definition, listing.partitions(), partitions, properties.batchSize()));
          for (Registration registration : registrations.subList(1, registrations.size())) {
            requests.addAll(GlueRequests.forMissingTable(registration.table(),
                registration.partitions(), partitions, properties.batchSize()));
          }
          out.println(GlueRequests.toJson(requests));
          out.flush();
          return 0;
        }
        if (!onS3) {
          err.println("ptlake catalog register: warning: " + tableLocation + " is not on S3;"
              + " Athena cannot read it");
        }
        try (GlueTableRegistrar registrar = GlueTableRegistrar.create(properties)) {
          List<RegistrationResult> results = new ArrayList<>();
          for (Registration registration : registrations) {
            results.add(registrar.register(
                registration.table(), registration.partitions(), partitions));
          }
          Map<String, Object> summary = new LinkedHashMap<>();
          summary.put("tables_registered",
              results.stream().map(RegistrationResult::table).toList());
          summary.put("tables_absent", absent);
          summary.put("complete", results.stream().allMatch(RegistrationResult::complete));
          summary.put("tables", results.stream().map(RegistrationResult::toMap).toList());
          out.println(SdkJson.write(summary));
          out.flush();
          return results.stream().allMatch(RegistrationResult::complete) ? 0 : 1;
        }
      } catch (CatalogException e) {
        err.println("ptlake catalog register: " + e.getMessage());
        return 1;
      } catch (SdkException e) {
        err.println("ptlake catalog register: Cannot list " + tableLocation + " because S3"
            + " answered: " + e.getMessage());
        return 1;
      } finally {
        err.flush();
      }
    }

    /** The version folder a replaced table's readers are on, under its folder. */
    private Optional<String> currentVersion(String folder) {
      if (!isS3(folder)) {
        return CurrentVersion.local(folder);
      }
      StorageProperties storage = StorageProperties.builder().region(region).build();
      try (S3Client s3 = new AwsClientFactory(storage).s3()) {
        return CurrentVersion.s3(s3, folder);
      }
    }

    /** Each table's schema, table and partition sync, as statements ended by ';'. */
    private String trinoStatements(List<Registration> registrations) {
      StringBuilder statements = new StringBuilder();
      registrations.stream().map(Registration::table).map(table -> TrinoDdl.createSchema(
          trinoCatalog, table)).distinct().forEach(ddl -> statements.append(ddl).append(";\n"));
      for (Registration registration : registrations) {
        statements.append('\n').append(TrinoDdl.createTable(trinoCatalog, registration.table()))
            .append(";\n");
        TrinoDdl.syncPartitions(trinoCatalog, registration.table())
            .ifPresent(call -> statements.append(call).append(";\n"));
      }
      return statements.toString();
    }

    private TableListing list(String tableLocation, List<String> partitionColumns) {
      if (!isS3(tableLocation)) {
        return TableListing.local(Path.of(URI.create(tableLocation)), tableLocation,
            partitionColumns);
      }
      StorageProperties storage = StorageProperties.builder().region(region).build();
      try (S3Client s3 = new AwsClientFactory(storage).s3()) {
        return TableListing.s3(s3, tableLocation, partitionColumns);
      }
    }

    /**
     * A listing in the wrong layout finds no partition at all (their folders are not the ones it
     * looks for) and would register an empty table: say which layout the folders are.
     */
    private String layoutMismatch(TableListing listing, String tableLocation) {
      if (!listing.partitions().isEmpty()) {
        return null;
      }
      for (TableLayout other : TableLayout.values()) {
        if (other != layout
            && !list(tableLocation, other.partitionColumns()).partitions().isEmpty()) {
          return "Cannot register " + database + "." + table + " with --layout "
              + layout.optionValue() + " because the folders under " + tableLocation
              + " are partitioned by " + other.partitionColumns() + "; give --layout "
              + other.optionValue();
        }
      }
      return null;
    }

    /**
     * An earlier ptlake partitioned the normalized rates (the bucketed table beside the rates
     * table) by (snapshot_month, billing_code): listed by source it has no partition, and would
     * be registered empty.
     */
    private String earlierRatesLayout(
        TableDefinition definition, TableListing listing, String location) {
      List<String> earlier = TableLayout.BILLING_CODE.partitionColumns();
      if (!definition.bucketed() || !listing.partitions().isEmpty()
          || list(location, earlier).partitions().isEmpty()) {
        return null;
      }
      return "Cannot register " + definition.qualifiedName() + " because the folders under "
          + location + " are partitioned by " + earlier + ", as an earlier ptlake wrote it, not"
          + " by " + definition.partitionKeys().stream().map(key -> key.name()).toList()
          + "; rebuild it with ptlake ingest --mode overwrite";
    }

    /** Athena maps a file to a bucket by its name: every data file must carry a valid id. */
    private String bucketMismatch(TableListing listing, String tableLocation) {
      if (!listing.filesWithoutBucketId().isEmpty()) {
        return "Cannot register " + database + "." + table + " as bucketed because data files"
            + " under " + tableLocation + " carry no bucket id in their name (Spark's"
            + " part-NNNNN-<uuid>_BBBBB naming), e.g. " + listing.filesWithoutBucketId();
      }
      if (listing.maxBucketId() >= buckets) {
        return "Cannot register " + database + "." + table + " with --buckets " + buckets
            + " because its files hold bucket id " + listing.maxBucketId() + "; give the"
            + " --buckets the ingest was run with";
      }
      return null;
    }

    /**
     * Partition projection finds only the months of its range: an earlier month (a file whose
     * last_updated_on is older than the TiC rule, or wrong) would be skipped by every Athena query
     * without an error, so it is refused; a month after the current one (a future date) is found
     * once that month comes, so it is only reported.
     */
    private String monthsOutsideProjection(String qualifiedName, TableListing listing,
        PrintWriter err) {
      SortedSet<String> months = new TreeSet<>();
      listing.partitions().forEach(partition -> months.add(partition.values().get(0)));
      List<String> early =
          months.headSet(RatesTable.FIRST_PROJECTED_MONTH).stream().toList();
      if (!early.isEmpty()) {
        return "Cannot register " + qualifiedName + " with --partitions projection"
            + " because it holds snapshot months " + early + " before "
            + RatesTable.FIRST_PROJECTED_MONTH + ", the first month projected; Athena would"
            + " not read them. Use --partitions catalog";
      }
      String current = YearMonth.now(ZoneOffset.UTC).toString();
      List<String> future = months.tailSet(current + "\0").stream().toList();
      if (!future.isEmpty()) {
        err.println("ptlake catalog register: warning: " + qualifiedName + " holds"
            + " snapshot months " + future + " after the current month; partition projection"
            + " finds them only from that month on");
      }
      return null;
    }

    private void requireIdentifier(String option, String name) {
      if (!IngestConfig.isIdentifier(name)) {
        throw new ParameterException(spec.commandLine(), "Invalid " + option + " '" + name
            + "': expected lower-case letters, digits and underscores, not starting with a"
            + " digit");
      }
    }

    private static boolean isS3(String location) {
      return location.matches("(?i)^s3[an]?://.*");
    }

    /** S3 URIs as given; local paths as absolute file: URIs. Never a trailing slash. */
    private static String uri(String location) {
      String uri = isS3(location) || location.startsWith("file:")
          ? location
          : Path.of(location).toAbsolutePath().normalize().toUri().toString();
      return uri.replaceFirst("/+$", "");
    }

    private static String join(String parent, String child) {
      return parent + "/" + child;
    }
  }

  /** A table to register and the partitions found under its folder. */
  private record Registration(TableDefinition table, List<TablePartition> partitions) {}

  static final class LayoutConverter implements ITypeConverter<TableLayout> {
    @Override
    public TableLayout convert(String value) {
      return TableLayout.fromOptionValue(value);
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
