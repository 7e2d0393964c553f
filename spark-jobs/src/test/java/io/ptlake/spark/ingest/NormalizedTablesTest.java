package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.spark.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The normalized tables written beside the denormalized one, on hand-made chunk files. */
class NormalizedTablesTest {
  private static final String DATABASE = "normalized_test";
  private static final String A = "s3://payer/a.json.gz";
  private static final String B = "s3://payer/b.json.gz";
  /** A's source_id: SHA-256 of the URI, first 8 bytes in hex (sha256sum). */
  private static final String A_ID = "4e04330720491900";

  /** Group G1 as A defines it; B defines the same group with its npis in another order. */
  private static final String G1 = "{\"npi\":[2222222222,1111111111],"
      + "\"tin\":{\"type\":\"ein\",\"value\":\"t1\"}}";
  private static final String G1_REORDERED = "{\"npi\":[1111111111,2222222222],"
      + "\"tin\":{\"type\":\"ein\",\"value\":\"t1\"}}";
  private static final String G2 = "{\"npi\":[3333333333],"
      + "\"tin\":{\"type\":\"npi\",\"value\":\"3333333333\",\"business_name\":\"Solo\"}}";

  /** The canonical JSON the keys hash, written out: pins the key of a group for good. */
  private static final String K1 = key(
      "{\"tin_type\":\"ein\",\"tin_value\":\"t1\",\"npi\":[1111111111,2222222222]}");
  private static final String K2 = key("{\"tin_type\":\"npi\",\"tin_value\":\"3333333333\","
      + "\"business_name\":\"Solo\",\"npi\":[3333333333]}");

  @TempDir static Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  /**
   * r0 (27447): id 1 (G1, two NPIs) and the undefined id 9, one price: 3 rows. r1 (99213): inline
   * G2, two prices: 2 rows. r2 (99213): id 2, an entry with no groups, one price: 1 row. r3
   * (27447): no providers at all, one price: 1 row. 7 rows.
   */
  private static PreprocessedFixture a(String lastUpdatedOn) {
    return PreprocessedFixture.source(A)
        .header("last_updated_on", lastUpdatedOn)
        .header("reporting_entity_name", "Acme")
        .items("{\"item\":0,\"negotiation_arrangement\":\"ffs\",\"billing_code\":\"27447\","
                + "\"bundled_codes\":[{\"billing_code_type\":\"CPT\",\"billing_code\":\"1\"}],"
                + "\"negotiated_rates_count\":2}",
            "{\"item\":1,\"billing_code\":\"99213\",\"description\":\"Visit\","
                + "\"covered_services\":[{\"billing_code\":\"2\",\"description\":\"x\"}]}")
        .references(
            "{\"provider_group_id\":\"1\",\"provider_groups\":[" + G1 + "]}",
            "{\"provider_group_id\":\"2\",\"provider_groups\":[]}")
        .rates(
            "{\"item\":0,\"provider_references\":[\"1\",\"9\"],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":1.01}]}",
            "{\"item\":1,\"provider_groups\":[" + G2 + "],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":2.02},{\"negotiated_rate\":3.03}]}",
            "{\"item\":1,\"provider_references\":[\"2\"],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":4.04}]}",
            "{\"item\":0,\"negotiated_prices\":[{\"negotiated_rate\":5.05}]}")
        .expectedRows(7)
        .undefinedReferenceIds(1);
  }

  /** The same group as A's id 1 under id 7: 2 rows. */
  private static PreprocessedFixture b() {
    return PreprocessedFixture.source(B)
        .header("last_updated_on", "2024-05-20")
        .items("{\"item\":0,\"billing_code\":\"27447\"}")
        .references("{\"provider_group_id\":\"7\",\"provider_groups\":[" + G1_REORDERED + "]}")
        .rates("{\"item\":0,\"provider_references\":[\"7\"],"
            + "\"negotiated_prices\":[{\"negotiated_rate\":6.06}]}")
        .expectedRows(2);
  }

  @Test
  void aGroupPublishedByTwoFilesIsStoredOnceAndRatesPointAtIt() {
    String table = "shared";
    load(table, dir("shared-a", a("2024-05-01")), dir("shared-b", b()));

    assertThat(lines("SELECT * FROM " + normalized(table, "provider_groups")))
        .containsExactlyInAnyOrder(
        K1 + "|ein|t1|null|[1111111111, 2222222222]|2",
        K2 + "|npi|3333333333|Solo|[3333333333]|1");
    assertThat(lines("SELECT source_file, billing_code, provider_references, provider_group_keys,"
        + " undefined_reference_ids, empty_provider_slots, negotiated_rate FROM "
        + normalized(table, "rates"))).containsExactly(
            A + "|27447|[1, 9]|[" + K1 + "]|[9]|0|1.0100000000",
            A + "|27447|null|[]|[]|1|5.0500000000",
            A + "|99213|[2]|[]|[]|1|4.0400000000",
            A + "|99213|null|[" + K2 + "]|[]|0|2.0200000000",
            A + "|99213|null|[" + K2 + "]|[]|0|3.0300000000",
            B + "|27447|[7]|[" + K1 + "]|[]|0|6.0600000000");
    assertThat(reconstructedRows(table)).isEqualTo(Map.of(A, 7L, B, 2L));
  }

  @Test
  void reloadingLeavesEveryTableAsItWasAndANewMonthAddsNoGroup() {
    String table = "reload";
    Path aDir = dir("reload-a", a("2024-05-01"));
    Path bDir = dir("reload-b", b());
    load(table, aDir, bDir);
    Map<String, List<String>> first = allTables(table);

    load(table, aDir, bDir);
    assertThat(allTables(table)).isEqualTo(first);
    assertThat(count(table, "provider_groups")).isEqualTo(2);
    assertThat(count(table, "rates")).isEqualTo(6);
    assertThat(count(table, "in_network_items")).isEqualTo(3);
    assertThat(count(table, "files")).isEqualTo(2);

    load(table, dir("reload-june", a("2024-06-03")));
    assertThat(count(table, "provider_groups")).isEqualTo(2);
    assertThat(count(table, "rates")).isEqualTo(11);
    assertThat(count(table, "files")).isEqualTo(3);
    assertThat(reconstructedRows(table)).isEqualTo(Map.of(A, 14L, B, 2L));
  }

  @Test
  void itemsAndFilesKeepTheFieldsAndLineage() {
    String table = "lineage";
    load(table, dir("lineage-a", a("2024-05-01")));
    String month = "2024-05/" + A_ID + "/";

    assertThat(lines("SELECT item_key, item, negotiation_arrangement, billing_code, description,"
        + " bundled_codes, covered_services, negotiated_rates_count, snapshot_month FROM "
        + normalized(table, "in_network_items"))).containsExactlyInAnyOrder(
            key(month + "0") + "|0|ffs|27447|null|[[CPT,null,1,null]]|null|2|2024-05",
            key(month + "1") + "|1|null|99213|Visit|null|[[null,null,2,x]]|null|2024-05");
    assertThat(lines("SELECT count(*) FROM " + normalized(table, "rates") + " r JOIN "
        + normalized(table, "in_network_items") + " i USING (item_key)"))
        .containsExactly("5");
    assertThat(lines("SELECT reporting_entity_name, last_updated_on, source_file, expected_rows,"
        + " counts['undefined_reference_ids'], counts['negotiated_rates'], chunk_files, source_id,"
        + " snapshot_month FROM " + normalized(table, "files"))).containsExactly(
            "Acme|2024-05-01|" + A + "|7|1|4|3|" + A_ID + "|2024-05");
  }

  /** rates as an earlier version partitioned it, by code: refused before anything is written. */
  @Test
  void aRatesTableInTheEarlierLayoutIsRefusedBeforeAnythingIsWritten() {
    String table = "earlier_layout";
    String rates = normalized(table, "rates");
    spark.sql("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    spark.sql("CREATE TABLE " + rates + " (item_key STRING, snapshot_month STRING,"
        + " billing_code STRING) USING parquet PARTITIONED BY (snapshot_month, billing_code)");

    assertThatThrownBy(() -> load(table, dir("earlier-b", b())))
        .isInstanceOf(IngestException.class)
        .hasMessage("Cannot merge into " + rates + " because it is partitioned by [snapshot_month,"
            + " billing_code], as an earlier version wrote it, and this version writes it"
            + " partitioned by [snapshot_month, source_id]; use --mode overwrite to rebuild the"
            + " tables from the given sources, or --no-normalized to leave them as they are");
    assertThat(spark.catalog().tableExists(DATABASE + "." + table)).isFalse();
  }

  @Test
  void noNormalizedTablesWhenTurnedOff() {
    String table = "denormalized_only";
    RateExplodeJob.run(spark, config(table, dir("off-b", b())).withNormalized(false));

    assertThat(spark.catalog().tableExists(DATABASE + "." + table)).isTrue();
    assertThat(spark.catalog().tableExists(normalized(table, "rates"))).isFalse();
    assertThat(spark.catalog().tableExists(normalized(table, "provider_groups"))).isFalse();
  }

  /**
   * Rows of the denormalized table rebuilt from the normalized ones per source: Σ over rates rows
   * of (Σ over its keys of max(1, npi_count) + undefined ids + empty slots); checked against the
   * denormalized table itself.
   */
  private static Map<String, Long> reconstructedRows(String table) {
    Map<String, Long> rebuilt = new LinkedHashMap<>();
    // A key missing from provider_groups weighs a million: the comparison then fails loudly.
    spark.sql("SELECT r.source_file, sum(aggregate(r.provider_group_keys, 0L,"
            + " (total, k) -> total + coalesce(w.weights[k], 1000000L))"
            + " + size(r.undefined_reference_ids) + r.empty_provider_slots) FROM "
            + normalized(table, "rates") + " r CROSS JOIN (SELECT map_from_entries(collect_list("
            + "struct(provider_group_key, CAST(greatest(1, npi_count) AS BIGINT)))) AS weights"
            + " FROM " + normalized(table, "provider_groups") + ") w GROUP BY r.source_file")
        .collectAsList()
        .forEach(row -> rebuilt.put(row.getString(0), row.getLong(1)));
    Map<String, Long> denormalized = new LinkedHashMap<>();
    spark.sql("SELECT source_file, count(*) FROM " + DATABASE + "." + table + " GROUP BY 1")
        .collectAsList()
        .forEach(row -> denormalized.put(row.getString(0), row.getLong(1)));
    assertThat(rebuilt).isEqualTo(denormalized);
    return rebuilt;
  }

  private static Map<String, List<String>> allTables(String table) {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (String name : List.of("provider_groups", "rates", "in_network_items")) {
      tables.put(name, lines("SELECT * FROM " + normalized(table, name)));
    }
    // ingested_at changes with every load by design.
    tables.put("files", RowCells.sortedLines(
        spark.table(normalized(table, "files")).drop("ingested_at").collectAsList()));
    tables.put(table, lines("SELECT * FROM " + DATABASE + "." + table));
    return tables;
  }

  private static long count(String table, String name) {
    return spark.table(normalized(table, name)).count();
  }

  private static List<String> lines(String sql) {
    return RowCells.sortedLines(spark.sql(sql).collectAsList());
  }

  private static String normalized(String table, String name) {
    return config(table).normalizedTable(name);
  }

  private static IngestReport load(String table, Path... dirs) {
    return RateExplodeJob.run(spark, config(table, dirs));
  }

  private static IngestConfig config(String table, Path... dirs) {
    List<String> paths = Stream.of(dirs).map(Path::toString).toList();
    return IngestConfig.of(paths.isEmpty() ? List.of("unused") : paths).withTable(DATABASE, table);
  }

  private static Path dir(String name, PreprocessedFixture fixture) {
    return fixture.writeToNew(tmp, name);
  }

  private static String key(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 32);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
