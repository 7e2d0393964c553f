package io.ptlake.spark.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.spark.catalog.LakeTables.LakeTable;
import io.ptlake.spark.ingest.TableLayout;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * The Trino DDL of the catalog's table descriptions. TrinoQueriesTest runs it on a real Trino over
 * tables an ingest wrote; these pin its text and the type translation.
 */
class TrinoDdlTest {
  private static final TableDefinition SMALL = new TableDefinition("ptlake",
      "s3://lake/ptlake.db", "t", "s3://lake/ptlake.db/t", "It's a table",
      List.of(col("rate", "decimal(38,10)", "exact"), col("codes", "array<string>", null)),
      List.of(col("snapshot_month", "string", "YYYY-MM"), col("source_id", "string", null)),
      List.of("rate"), 4, List.of("rate"), Map.of());

  @Test
  void createTableListsPartitionKeysLastAndLeavesTheSparkBucketSpecOut() {
    assertThat(TrinoDdl.createTable("hive", SMALL)).isEqualTo("""
        CREATE TABLE IF NOT EXISTS "hive"."ptlake"."t" (
          "rate" decimal(38,10) COMMENT 'exact',
          "codes" array(varchar),
          "snapshot_month" varchar COMMENT 'YYYY-MM',
          "source_id" varchar
        )
        COMMENT 'It''s a table'
        WITH (
          external_location = 's3://lake/ptlake.db/t',
          format = 'PARQUET',
          partitioned_by = ARRAY['snapshot_month', 'source_id']
        )""");
  }

  @Test
  void schemaAndPartitionSync() {
    assertThat(TrinoDdl.createSchema("hive", SMALL)).isEqualTo(
        "CREATE SCHEMA IF NOT EXISTS \"hive\".\"ptlake\" WITH (location = 's3://lake/ptlake.db')");
    assertThat(TrinoDdl.syncPartitions("hive", SMALL)).contains(
        "CALL \"hive\".system.sync_partition_metadata('ptlake', 't', 'FULL')");
  }

  @Test
  void anUnpartitionedTableHasNoPartitionToSync() {
    TableDefinition groups = LakeTables.PROVIDER_GROUPS.definition(
        "ptlake", null, "provider_groups", "s3://lake/ptlake.db/provider_groups");

    assertThat(TrinoDdl.syncPartitions("hive", groups)).isEmpty();
    assertThat(TrinoDdl.createTable("hive", groups)).doesNotContain("partitioned_by")
        .contains("\"npi\" array(bigint) COMMENT");
    assertThat(TrinoDdl.createSchema("hive", groups))
        .isEqualTo("CREATE SCHEMA IF NOT EXISTS \"hive\".\"ptlake\"");
  }

  @Test
  void hiveTypesBecomeTrinoTypes() {
    assertThat(TrinoDdl.type("string")).isEqualTo("varchar");
    assertThat(TrinoDdl.type("int")).isEqualTo("integer");
    assertThat(TrinoDdl.type("bigint")).isEqualTo("bigint");
    assertThat(TrinoDdl.type("float")).isEqualTo("real");
    assertThat(TrinoDdl.type("binary")).isEqualTo("varbinary");
    assertThat(TrinoDdl.type("date")).isEqualTo("date");
    assertThat(TrinoDdl.type("timestamp")).isEqualTo("timestamp(3)");
    assertThat(TrinoDdl.type("decimal(38, 10)")).isEqualTo("decimal(38,10)");
    assertThat(TrinoDdl.type("varchar(12)")).isEqualTo("varchar(12)");
    assertThat(TrinoDdl.type("map<string,bigint>")).isEqualTo("map(varchar, bigint)");
    assertThat(TrinoDdl.type("array<struct<billing_code:string,n:array<int>>>"))
        .isEqualTo("array(row(\"billing_code\" varchar, \"n\" array(integer)))");
  }

  @Test
  void aTypeItCannotTranslateNamesWhereItStopped() {
    assertThatThrownBy(() -> TrinoDdl.type("array<uniontype<int>>"))
        .hasMessage("Cannot translate the Hive type 'array<uniontype<int>>' to Trino: expected"
            + " a Hive type at offset 15, found 'uniontype'");
    assertThatThrownBy(() -> TrinoDdl.type("map<string,bigint"))
        .hasMessage("Cannot translate the Hive type 'map<string,bigint' to Trino: expected '>'"
            + " at offset 17, found the end");
    assertThatThrownBy(() -> TrinoDdl.type("string>"))
        .hasMessage("Cannot translate the Hive type 'string>' to Trino: expected the end of"
            + " the type at offset 6, found '>'");
  }

  /** Every column the catalog describes translates, so every table registers. */
  @Test
  void everyTableTheCatalogDescribesTranslates() {
    for (TableLayout layout : TableLayout.values()) {
      assertThat(TrinoDdl.createTable("hive", RatesTable.definition("ptlake", null,
          "in_network_rates", "s3://lake/r", layout.defaultBuckets(), layout)))
          .contains("\"negotiated_rate\" decimal(38,10)", "\"network_name\" array(varchar)")
          .doesNotContain("bucket");
    }
    for (LakeTable table : Stream.concat(LakeTables.BESIDE_RATES.stream(),
        LakeTables.REPLACED.stream()).toList()) {
      String ddl = TrinoDdl.createTable("hive",
          table.definition("ptlake", null, table.written().name(), "s3://lake/x"));
      // No bucket spec; a column comment may name its table's bucket column.
      assertThat(ddl).doesNotContain("bucketed_by", "bucket_count")
          .contains("format = 'PARQUET'");
    }
  }

  private static Column col(String name, String type, String comment) {
    return Column.builder().name(name).type(type).comment(comment).build();
  }
}
