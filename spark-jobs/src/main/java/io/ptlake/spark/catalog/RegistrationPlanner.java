package io.ptlake.spark.catalog;

import io.ptlake.spark.ingest.TableLayout;
import java.net.URI;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Plans {@code ptlake catalog register} before any catalog call: lists the rates table's folder
 * and each table the ingest wrote beside it under {@code WH/<database>.db}, checks the folders
 * against the options (layout, bucket ids, projected months) and returns the tables to register
 * with their partitions. A check that fails is a {@link CatalogException} naming the option to
 * give; nothing has been sent to a catalog by then.
 */
public final class RegistrationPlanner {
  /** Lists a table's folder (local or S3) for partitions of the given columns. */
  @FunctionalInterface
  public interface Lister {
    TableListing list(String location, List<String> partitionColumns);

    /**
     * The version folder a replaced table's readers are on, under its folder; empty when no load
     * of it completed. Read here from local folders only ({@link #lister} reads S3 too).
     */
    default Optional<String> currentVersion(String location) {
      return TableListing.isS3(location) ? Optional.empty() : CurrentVersion.local(location);
    }
  }

  /**
   * What to register: the options of {@code catalog register}.
   *
   * @param warehouse the warehouse the ingest wrote: an S3 URI (s3a:// too) or a local folder
   * @param location the rates table's folder, or null for {@code WH/<database>.db/<table>}
   */
  public record Request(String warehouse, String location, String database, String table,
      int buckets, TableLayout layout, PartitionMode partitions) {}

  private final Lister lister;
  private final Consumer<String> warnings;

  /** {@code warnings} gets what does not stop the registration, as one sentence each. */
  public RegistrationPlanner(Lister lister, Consumer<String> warnings) {
    this.lister = lister;
    this.warnings = warnings;
  }

  /** The tables to register, the rates table first, and the tables the warehouse lacks. */
  public RegistrationPlan plan(Request request) {
    String databaseLocation = uri(request.warehouse()) + "/" + request.database() + ".db";
    String tableLocation = request.location() != null
        ? uri(request.location()) : databaseLocation + "/" + request.table();
    String ratesName = request.database() + "." + request.table();
    if (request.layout() == TableLayout.SOURCE
        && request.partitions() == PartitionMode.PROJECTION) {
      throw new CatalogException("Cannot register " + ratesName + " with --layout source and"
          + " --partitions projection because source_id would be projected as injected: every"
          + " query would have to name a source id. Use --partitions catalog (one partition per"
          + " source and month)");
    }
    TableListing listing = list(tableLocation, request.layout().partitionColumns());
    checkLayout(request, listing, tableLocation);
    checkBuckets(request, listing, tableLocation);
    if (request.partitions() == PartitionMode.PROJECTION) {
      checkProjectedMonths(ratesName, listing);
    }
    List<RegistrationPlan.Registration> registrations = new ArrayList<>();
    registrations.add(new RegistrationPlan.Registration(
        RatesTable.definition(request.database(),
            TableListing.catalogLocation(databaseLocation), request.table(),
            TableListing.catalogLocation(tableLocation), request.buckets(), request.layout()),
        listing.partitions()));
    List<String> absent = new ArrayList<>();
    for (LakeTables.LakeTable beside : LakeTables.BESIDE_RATES) {
      String name = beside.tableName(request.table());
      String besideLocation = databaseLocation + "/" + name;
      TableListing besideListing = list(besideLocation, beside.written().partitionColumns());
      if (!besideListing.exists()) {
        // A --no-normalized ingest (or one without rejects) wrote no such table.
        absent.add(request.database() + "." + name);
        continue;
      }
      TableDefinition definition = beside.definition(request.database(),
          TableListing.catalogLocation(databaseLocation), name,
          TableListing.catalogLocation(besideLocation));
      checkEarlierRatesLayout(definition, besideListing, besideLocation);
      if (definition.partitionMode(request.partitions()) == PartitionMode.PROJECTION) {
        checkProjectedMonths(definition.qualifiedName(), besideListing);
      }
      registrations.add(new RegistrationPlan.Registration(definition, besideListing.partitions()));
    }
    for (LakeTables.LakeTable replaced : LakeTables.REPLACED) {
      String name = replaced.tableName(request.table());
      Optional<String> version = currentVersion(databaseLocation + "/" + name);
      if (version.isEmpty()) {
        // No providers load has completed in this warehouse.
        absent.add(request.database() + "." + name);
        continue;
      }
      registrations.add(new RegistrationPlan.Registration(replaced.definition(
          request.database(), TableListing.catalogLocation(databaseLocation), name,
          TableListing.catalogLocation(version.get())), List.of()));
    }
    boolean onS3 = TableListing.isS3(request.warehouse())
        || (request.location() != null && TableListing.isS3(request.location()));
    return new RegistrationPlan(registrations, absent, tableLocation, onS3);
  }

  private Optional<String> currentVersion(String location) {
    try {
      return lister.currentVersion(location);
    } catch (SdkException e) {
      throw new CatalogException(
          "Cannot read " + location + " because S3 answered: " + e.getMessage(), e);
    }
  }

  private TableListing list(String location, List<String> partitionColumns) {
    try {
      return lister.list(location, partitionColumns);
    } catch (SdkException e) {
      throw new CatalogException(
          "Cannot list " + location + " because S3 answered: " + e.getMessage(), e);
    }
  }

  /**
   * A listing in the wrong layout finds no partition at all (their folders are not the ones it
   * looks for) and would register an empty table: say which layout the folders are.
   */
  private void checkLayout(Request request, TableListing listing, String tableLocation) {
    if (!listing.partitions().isEmpty()) {
      return;
    }
    for (TableLayout other : TableLayout.values()) {
      if (other != request.layout()
          && !list(tableLocation, other.partitionColumns()).partitions().isEmpty()) {
        throw new CatalogException("Cannot register " + request.database() + "."
            + request.table() + " with --layout " + request.layout().optionValue()
            + " because the folders under " + tableLocation + " are partitioned by "
            + other.partitionColumns() + "; give --layout " + other.optionValue());
      }
    }
  }

  /** Athena maps a file to a bucket by its name: every data file must carry a valid id. */
  private static void checkBuckets(Request request, TableListing listing, String tableLocation) {
    String name = request.database() + "." + request.table();
    if (!listing.filesWithoutBucketId().isEmpty()) {
      throw new CatalogException("Cannot register " + name + " as bucketed because data files"
          + " under " + tableLocation + " carry no bucket id in their name (Spark's"
          + " part-NNNNN-<uuid>_BBBBB naming), e.g. " + listing.filesWithoutBucketId());
    }
    if (listing.maxBucketId() >= request.buckets()) {
      throw new CatalogException("Cannot register " + name + " with --buckets "
          + request.buckets() + " because its files hold bucket id " + listing.maxBucketId()
          + "; give the --buckets the ingest was run with");
    }
  }

  /**
   * An earlier ptlake partitioned the normalized rates (the bucketed table beside the rates
   * table) by (snapshot_month, billing_code): listed by source it has no partition, and would
   * be registered empty.
   */
  private void checkEarlierRatesLayout(
      TableDefinition definition, TableListing listing, String location) {
    List<String> earlier = TableLayout.BILLING_CODE.partitionColumns();
    if (!definition.bucketed() || !listing.partitions().isEmpty()
        || list(location, earlier).partitions().isEmpty()) {
      return;
    }
    throw new CatalogException("Cannot register " + definition.qualifiedName() + " because the"
        + " folders under " + location + " are partitioned by " + earlier + ", as an earlier"
        + " ptlake wrote it, not by "
        + definition.partitionKeys().stream().map(key -> key.name()).toList()
        + "; rebuild it with ptlake ingest --mode overwrite");
  }

  /**
   * Partition projection finds only the months of its range: an earlier month (a file whose
   * last_updated_on is older than the TiC rule, or wrong) would be skipped by every Athena query
   * without an error, so it is refused; a month after the current one (a future date) is found
   * once that month comes, so it is only reported.
   */
  private void checkProjectedMonths(String qualifiedName, TableListing listing) {
    SortedSet<String> months = new TreeSet<>();
    listing.partitions().forEach(partition -> months.add(partition.values().get(0)));
    List<String> early = months.headSet(RatesTable.FIRST_PROJECTED_MONTH).stream().toList();
    if (!early.isEmpty()) {
      throw new CatalogException("Cannot register " + qualifiedName + " with --partitions"
          + " projection because it holds snapshot months " + early + " before "
          + RatesTable.FIRST_PROJECTED_MONTH + ", the first month projected; Athena would"
          + " not read them. Use --partitions catalog");
    }
    String current = YearMonth.now(ZoneOffset.UTC).toString();
    List<String> future = months.tailSet(current + "\0").stream().toList();
    if (!future.isEmpty()) {
      warnings.accept(qualifiedName + " holds snapshot months " + future + " after the current"
          + " month; partition projection finds them only from that month on");
    }
  }

  /** S3 URIs as given; local paths as absolute file: URIs. Never a trailing slash. */
  static String uri(String location) {
    String uri = TableListing.isS3(location) || location.startsWith("file:")
        ? location
        : Path.of(location).toAbsolutePath().normalize().toUri().toString();
    return uri.replaceFirst("/+$", "");
  }

  /** The lister of local folders, and of S3 prefixes through {@code s3}'s client. */
  public static Lister lister(Supplier<S3Client> s3) {
    return new Lister() {
      @Override
      public TableListing list(String location, List<String> partitionColumns) {
        if (!TableListing.isS3(location)) {
          return TableListing.local(Path.of(URI.create(location)), location, partitionColumns);
        }
        try (S3Client client = s3.get()) {
          return TableListing.s3(client, location, partitionColumns);
        }
      }

      @Override
      public Optional<String> currentVersion(String location) {
        if (!TableListing.isS3(location)) {
          return Lister.super.currentVersion(location);
        }
        try (S3Client client = s3.get()) {
          return CurrentVersion.s3(client, location);
        }
      }
    };
  }
}
