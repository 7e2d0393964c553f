package io.ptlake.spark.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.preprocess.storage.S3TestServer;
import io.ptlake.spark.ingest.TableLayout;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The planning of {@code catalog register} on listings given in code, no folder and no S3: which
 * tables, at which locations, with which partitions, and what stops it. CatalogCommandTest runs
 * the command on real folders.
 */
class RegistrationPlannerTest {
  private static final String WH = "s3a://lake/wh";
  private static final String PART = "part-00000-3f2a1c4e-8b7d-4e2a-9c1f-0123456789ab";

  /** Listings by location: the relative paths of the objects under it. */
  private final Map<String, List<String>> objects = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> listed = new ArrayList<>();

  @Test
  void anS3aWarehouseIsRegisteredAtItsS3LocationsWithTheTablesFoundBesideTheRatesTable() {
    objects.put(WH + "/ptlake.db/in_network_rates", List.of(
        "snapshot_month=2024-05/source_id=0123456789abcdef/" + PART + "_00003.c000.snappy.parquet",
        "snapshot_month=2024-06/source_id=0123456789abcdef/" + PART + "_00015.c000.snappy.parquet",
        "_SUCCESS"));
    objects.put(WH + "/ptlake.db/files", List.of(
        "snapshot_month=2024-05/" + PART + ".c000.snappy.parquet"));

    RegistrationPlan plan = plan(TableLayout.SOURCE, 16, PartitionMode.CATALOG);

    assertThat(plan.onS3()).isTrue();
    assertThat(plan.tableLocation()).isEqualTo(WH + "/ptlake.db/in_network_rates");
    assertThat(plan.registrations()).extracting(r -> r.table().qualifiedName())
        .containsExactly("ptlake.in_network_rates", "ptlake.files");
    assertThat(plan.absent()).containsExactly("ptlake.rejects", "ptlake.rates",
        "ptlake.provider_groups", "ptlake.in_network_items", "ptlake.allowed_amounts",
        "ptlake.plans", "ptlake.plan_files", "ptlake.providers", "ptlake.taxonomies");
    RegistrationPlan.Registration rates = plan.registrations().get(0);
    assertThat(rates.table().location()).isEqualTo("s3://lake/wh/ptlake.db/in_network_rates");
    assertThat(rates.table().databaseLocation()).isEqualTo("s3://lake/wh/ptlake.db");
    assertThat(rates.partitions()).extracting(TablePartition::location).containsExactly(
        "s3://lake/wh/ptlake.db/in_network_rates/snapshot_month=2024-05/source_id=0123456789abcdef",
        "s3://lake/wh/ptlake.db/in_network_rates/snapshot_month=2024-06/source_id=0123456789abcdef");
    assertThat(plan.registrations().get(1).partitions()).extracting(TablePartition::values)
        .containsExactly(List.of("2024-05"));
    assertThat(warnings).isEmpty();
  }

  /** The requests of the dry run: CreateDatabase once, then each table's. */
  @Test
  void theGlueRequestsCreateTheDatabaseOnceThenEachTableAndItsPartitionsInBatches() {
    objects.put(WH + "/ptlake.db/in_network_rates", List.of(
        "snapshot_month=2024-05/source_id=0123456789abcdef/" + PART + "_00003.c000.snappy.parquet",
        "snapshot_month=2024-05/source_id=fedcba9876543210/" + PART + "_00003.c000.snappy.parquet",
        "snapshot_month=2024-06/source_id=0123456789abcdef/" + PART + "_00003.c000.snappy.parquet"));
    objects.put(WH + "/ptlake.db/provider_groups", List.of(PART + ".c000.snappy.parquet"));

    RegistrationPlan plan = plan(TableLayout.SOURCE, 16, PartitionMode.CATALOG);

    assertThat(plan.glueRequests(PartitionMode.CATALOG, 2)).extracting(GlueRequests::target)
        .containsExactly("AWSGlue.CreateDatabase", "AWSGlue.CreateTable",
            "AWSGlue.BatchCreatePartition", "AWSGlue.BatchCreatePartition",
            "AWSGlue.CreateTable");
  }

  @Test
  void aProjectedMonthAfterTheCurrentOneIsAWarningAndOneBeforeTheRangeStopsThePlan() {
    String next = YearMonth.now(ZoneOffset.UTC).plusMonths(1).toString();
    objects.put(WH + "/ptlake.db/in_network_rates", List.of(
        "snapshot_month=" + next + "/billing_code=99213/" + PART + "_00000.c000.snappy.parquet"));

    plan(TableLayout.BILLING_CODE, 1, PartitionMode.PROJECTION);

    assertThat(warnings).containsExactly("ptlake.in_network_rates holds snapshot months [" + next
        + "] after the current month; partition projection finds them only from that month on");

    objects.put(WH + "/ptlake.db/in_network_items", List.of(
        "snapshot_month=2022-06/" + PART + ".c000.snappy.parquet"));
    assertThatThrownBy(() -> plan(TableLayout.BILLING_CODE, 1, PartitionMode.PROJECTION))
        .isInstanceOf(CatalogException.class)
        .hasMessage("Cannot register ptlake.in_network_items with --partitions projection"
            + " because it holds snapshot months [2022-06] before 2022-07, the first month"
            + " projected; Athena would not read them. Use --partitions catalog");
  }

  /** An empty listing is looked at in the other layout before the table would be registered empty. */
  @Test
  void foldersOfTheOtherLayoutStopThePlanBeforeAnyOtherTableIsListed() {
    objects.put(WH + "/ptlake.db/in_network_rates", List.of(
        "snapshot_month=2024-05/billing_code=99213/" + PART + "_00000.c000.snappy.parquet"));

    assertThatThrownBy(() -> plan(TableLayout.SOURCE, 16, PartitionMode.CATALOG))
        .isInstanceOf(CatalogException.class)
        .hasMessage("Cannot register ptlake.in_network_rates with --layout source because the"
            + " folders under " + WH + "/ptlake.db/in_network_rates are partitioned by"
            + " [snapshot_month, billing_code]; give --layout billing_code");
    assertThat(listed).containsOnly(WH + "/ptlake.db/in_network_rates");
  }

  /** The lister of {@code catalog register} reads an s3a:// prefix with ListObjectsV2. */
  @Test
  void anS3aPrefixIsListedThroughTheS3Protocol() throws Exception {
    try (S3TestServer s3 = S3TestServer.start()) {
      s3.client().createBucket(b -> b.bucket("lake"));
      for (String key : List.of(
          "wh/ptlake.db/in_network_rates/snapshot_month=2024-05/source_id=0123456789abcdef/"
              + PART + "_00003.c000.snappy.parquet",
          "wh/ptlake.db/in_network_rates/_SUCCESS",
          "wh/ptlake.db/in_network_rates_old/snapshot_month=2023-01/source_id=0/" + PART
              + "_00000.c000.snappy.parquet")) {
        s3.client().putObject(b -> b.bucket("lake").key(key), RequestBody.fromString(""));
      }

      TableListing listing = RegistrationPlanner.lister(s3::client)
          .list("s3a://lake/wh/ptlake.db/in_network_rates", TableLayout.SOURCE.partitionColumns());

      assertThat(listing.exists()).isTrue();
      assertThat(listing.dataFiles()).isEqualTo(1);
      assertThat(listing.maxBucketId()).isEqualTo(3);
      assertThat(listing.partitions()).containsExactly(new TablePartition(
          List.of("2024-05", "0123456789abcdef"), "s3://lake/wh/ptlake.db/in_network_rates"
              + "/snapshot_month=2024-05/source_id=0123456789abcdef"));
      assertThat(RegistrationPlanner.lister(s3::client)
          .list("s3://lake/wh/ptlake.db/rates", List.of()).exists()).isFalse();
    }
  }

  private RegistrationPlan plan(TableLayout layout, int buckets, PartitionMode partitions) {
    warnings.clear();
    listed.clear();
    RegistrationPlanner planner = new RegistrationPlanner((location, columns) -> {
      listed.add(location);
      return TableListing.of(location, columns, objects.getOrDefault(location, List.of()));
    }, warnings::add);
    return planner.plan(new RegistrationPlanner.Request(
        WH + "/", null, "ptlake", "in_network_rates", buckets, layout, partitions));
  }
}
