package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.preprocess.ChunkKind;
import io.ptlake.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row rules of docs/chunk-format.md, case by case, on hand-made chunk files. */
class RowRulesTest {
  private static final String SOURCE_A = "file:///data/a.json.gz";
  /** SOURCE_A's source_id: SHA-256 of the URI, first 8 bytes in hex (sha256sum). */
  private static final String SOURCE_A_ID = "b05a929f17c6c53c";
  private static final String SOURCE_B = "s3://bucket/b.json";

  private static Dataset<Row> rows;
  private static List<PreprocessedSource> sources;

  @BeforeAll
  static void explode(@TempDir Path tmp) throws Exception {
    SparkSession spark = SharedSpark.session();
    Path a = ruleCases().writeTo(Files.createDirectory(tmp.resolve("a")));
    Path b = otherSourceWithSameIds().writeTo(Files.createDirectory(tmp.resolve("b")));
    sources = List.of(a, b).stream()
        .map(dir -> PreprocessedSource.load(dir.toString(), spark.sessionState().newHadoopConf()))
        .toList();
    rows = RateExplodeJob.rows(spark, sources).cache();
  }

  /** Every case of the contract's row rules, one rate (r0…r9) each. */
  static PreprocessedFixture ruleCases() {
    return PreprocessedFixture.source(SOURCE_A)
        .header("reporting_entity_name", "Acme Health")
        .header("reporting_entity_type", "health insurance issuer")
        .header("plan_name", "Gold PPO")
        .header("plan_id_type", "HIOS")
        .header("plan_id", "12345")
        .header("plan_market_type", "group")
        .header("issuer_name", "Acme Issuer")
        .header("plan_sponsor_name", "Acme Sponsor")
        .header("last_updated_on", "2024-05-01")
        .header("version", "2.0.0")
        .items(
            "{\"item\":0,\"negotiation_arrangement\":\"ffs\",\"name\":\"Knee\","
                + "\"billing_code_type\":\"CPT\",\"billing_code_type_version\":\"2020\","
                + "\"billing_code\":\"27447\",\"description\":\"Knee replacement\","
                + "\"bundled_codes\":[{\"billing_code\":\"1\"}],\"negotiated_rates_count\":4}",
            "{\"item\":1,\"negotiation_arrangement\":\"ffs\",\"name\":\"Visit\","
                + "\"billing_code_type\":\"CPT\",\"billing_code_type_version\":\"2020\","
                + "\"billing_code\":\"99213\",\"description\":\"Office visit\","
                + "\"negotiated_rates_count\":2}",
            "{\"item\":2,\"negotiation_arrangement\":\"bundle\",\"name\":\"Joint\","
                + "\"billing_code_type\":\"MS-DRG\",\"billing_code_type_version\":\"2024\","
                + "\"billing_code\":\"470\",\"description\":\"Major joint\","
                + "\"severity_of_illness\":\"major\",\"negotiated_rates_count\":5}")
        .references(
            reference("1", "N1", "{\"npi\":[111,112],\"tin\":{\"type\":\"ein\",\"value\":\"t1\","
                + "\"business_name\":\"Clinic One\"}}"),
            reference("2", "N2", ""),
            reference("3", "N3", "{\"npi\":[],\"tin\":{\"type\":\"ein\",\"value\":\"t3\"}}"),
            reference("4", "N4", "{\"npi\":[0],\"tin\":{\"type\":\"ein\",\"value\":\"t4\"}}"),
            reference("5", "N5a", "{\"npi\":[501],\"tin\":{\"type\":\"ein\",\"value\":\"t5a\"}}"),
            reference("5", "N5b", "{\"npi\":[502,503],\"tin\":{\"type\":\"ein\",\"value\":\"t5b\"}}"),
            "{\"provider_group_id\":\"6\",\"network_name\":[\"N6\"],"
                + "\"location\":\"https://example.com/6.json\"}",
            reference("7", "N7", "{\"npi\":[701],\"tin\":{\"type\":\"ein\",\"value\":\"t7\"}}"))
        .rates(
            // r0: a defined id with two NPIs, and an id (9) that no entry defines.
            rate(0, "\"provider_references\":[\"1\",\"9\"]", price("1.01")),
            // r1: an entry with no groups, a group with an empty npi list, npi [0].
            rate(0, "\"provider_references\":[\"2\",\"3\",\"4\"]", price("2.02"), price("3.03")),
            // r2: id 5 is defined by two entries, and the rate references it twice.
            rate(1, "\"provider_references\":[\"5\",\"5\"]", price("4.04")),
            // r3: inline groups, one of them with an empty npi list.
            rate(1, "\"provider_groups\":[{\"npi\":[201,202],\"tin\":{\"type\":\"ein\","
                + "\"value\":\"t-inline\"}},{\"npi\":[],\"tin\":{\"type\":\"npi\","
                + "\"value\":\"t-empty\"}}]", price("5.05")),
            // r4: neither references nor groups.
            rate(2, null, price("6.06"), price("7.07")),
            // r5, r6: no prices, empty or absent: no rows.
            rate(2, "\"provider_references\":[\"1\"]"),
            "{\"item\":2,\"provider_references\":[\"1\"]}",
            // r7: both lists present but empty: neither.
            rate(2, "\"provider_references\":[],\"provider_groups\":[]", price("8.08")),
            // r8: references (to a location-only entry) and inline groups together.
            rate(2, "\"provider_references\":[\"6\"],\"provider_groups\":[{\"npi\":[301],"
                + "\"tin\":{\"type\":\"ein\",\"value\":\"t-both\"}}]", price("9.09")),
            // r9: references beside an empty inline list.
            rate(0, "\"provider_references\":[\"4\"],\"provider_groups\":[]", price("10.10")))
        .expectedRows(24)
        .undefinedReferenceIds(1);
  }

  /** Ids are per file: this file's id 1 must not join the other file's rates. */
  private static PreprocessedFixture otherSourceWithSameIds() {
    return PreprocessedFixture.source(SOURCE_B)
        .header("reporting_entity_name", "Other")
        .items("{\"item\":0,\"billing_code\":\"27447\",\"negotiated_rates_count\":1}")
        .references(
            reference("1", "NB", "{\"npi\":[999],\"tin\":{\"type\":\"ein\",\"value\":\"tB\"}}"))
        .rates(rate(0, "\"provider_references\":[\"1\"]", price("11.11")))
        .expectedRows(1);
  }

  @Test
  void explodesEveryCaseAsTheContractSays() {
    List<Row> projected = rows
        .select(col("source_file"), col("billing_code"), col("provider_group_id"), col("npi"),
            col("tin_value"), col("network_name"),
            col("negotiated_rate").cast(DataTypes.createDecimalType(10, 2)))
        .collectAsList();

    String a = SOURCE_A + "|";
    assertThat(RowCells.sortedLines(projected)).containsExactlyElementsOf(List.of(
        a + "27447|1|111|t1|[N1]|1.01",
        a + "27447|1|112|t1|[N1]|1.01",
        a + "27447|2|null|null|[N2]|2.02",
        a + "27447|2|null|null|[N2]|3.03",
        a + "27447|3|null|t3|[N3]|2.02",
        a + "27447|3|null|t3|[N3]|3.03",
        a + "27447|4|0|t4|[N4]|10.10",
        a + "27447|4|0|t4|[N4]|2.02",
        a + "27447|4|0|t4|[N4]|3.03",
        a + "27447|9|null|null|null|1.01",
        a + "470|6|null|null|[N6]|9.09",
        a + "470|null|301|t-both|null|9.09",
        a + "470|null|null|null|null|6.06",
        a + "470|null|null|null|null|7.07",
        a + "470|null|null|null|null|8.08",
        a + "99213|5|501|t5a|[N5a]|4.04",
        a + "99213|5|501|t5a|[N5a]|4.04",
        a + "99213|5|502|t5b|[N5b]|4.04",
        a + "99213|5|502|t5b|[N5b]|4.04",
        a + "99213|5|503|t5b|[N5b]|4.04",
        a + "99213|5|503|t5b|[N5b]|4.04",
        a + "99213|null|201|t-inline|null|5.05",
        a + "99213|null|202|t-inline|null|5.05",
        a + "99213|null|null|t-empty|null|5.05",
        SOURCE_B + "|27447|1|999|tB|[NB]|11.11"));
  }

  @Test
  void carriesHeaderItemAndPriceFieldsOnEveryRowInTableOrder() {
    Row row = rows.where(col("npi").equalTo(111)).first();

    assertThat(row.schema().fieldNames()).containsExactlyElementsOf(RateRows.COLUMNS);
    assertThat(RowCells.line(row)).isEqualTo(String.join("|",
        "Acme Health", "health insurance issuer", "Gold PPO", "HIOS", "12345", "group",
        "Acme Issuer", "Acme Sponsor", "2024-05-01", "2.0.0",
        "ffs", "Knee", "CPT", "2020", "Knee replacement", "null",
        "1", "[N1]", "111", "ein", "t1", "Clinic One",
        "negotiated", "1.0100000000", "9999-12-31", "[11]", "professional", "outpatient", "[26]",
        "note", SOURCE_A, SOURCE_A_ID, "2024-05", "27447"));
  }

  @Test
  void leavesHeaderFieldsTheFileLacksNull() {
    Row row = rows.where(col("source_file").equalTo(SOURCE_B)).first();

    assertThat(row.<String>getAs("reporting_entity_name")).isEqualTo("Other");
    assertThat(row.<Object>getAs("plan_name")).isNull();
    assertThat(row.<Object>getAs("last_updated_on")).isNull();
  }

  /** The fixture's expected_rows (set by hand) and the rows both agree with the formula. */
  @Test
  void matchesTheManifestsExpectedRows() {
    long byTheFormula = ruleCases().rowsByTheFormula();

    assertThat(sources.get(0).manifest().expectedRows()).isEqualTo(byTheFormula);
    assertThat(rows.where(col("source_file").equalTo(SOURCE_A)).count()).isEqualTo(byTheFormula);
  }

  /**
   * The normalized rates and provider_groups account for every row of every case: per price, the
   * groups' weights max(1, npi_count) + undefined ids + empty slots = the rows it has above.
   */
  @Test
  void normalizedRatesAndGroupsAccountForEveryRow() {
    SparkSession spark = SharedSpark.session();
    ChunkReader reader = new ChunkReader(spark);
    Dataset<Row> rates = ChunkReader.accepted(reader.readAll(sources, ChunkKind.RATES));
    Dataset<Row> references =
        ChunkReader.accepted(reader.readAll(sources, ChunkKind.PROVIDER_REFERENCES));
    Map<String, Long> weights = new HashMap<>();
    NormalizedRows.groups(rates, references).collectAsList().forEach(group -> weights.put(
        group.getAs("provider_group_key"), Math.max(1L, group.<Integer>getAs("npi_count"))));
    List<String> perPrice = new ArrayList<>();
    for (Row rate : NormalizedRows.rates(
        rates, references, ChunkReader.accepted(reader.readItemsWithHeader(sources)))
        .collectAsList()) {
      long rows = rate.<Integer>getAs("empty_provider_slots")
          + rate.getList(rate.fieldIndex("undefined_reference_ids")).size();
      for (Object key : rate.getList(rate.fieldIndex("provider_group_keys"))) {
        rows += weights.get((String) key);
      }
      perPrice.add(rate.<java.math.BigDecimal>getAs("negotiated_rate")
          .setScale(2, java.math.RoundingMode.UNNECESSARY) + "|" + rows);
    }

    assertThat(perPrice).containsExactlyInAnyOrder(
        "1.01|3", "2.02|3", "3.03|3", "4.04|6", "5.05|3", "6.06|1", "7.07|1", "8.08|1", "9.09|2",
        "10.10|1", "11.11|1");
    assertThat(weights).hasSize(10);
  }

  private static String reference(String id, String network, String groups) {
    return "{\"provider_group_id\":\"" + id + "\",\"network_name\":[\"" + network + "\"],"
        + "\"provider_groups\":[" + groups + "]}";
  }

  private static String rate(int item, String providers, String... prices) {
    return "{\"item\":" + item + (providers == null ? "" : "," + providers)
        + ",\"negotiated_prices\":[" + String.join(",", prices) + "]}";
  }

  private static String price(String rate) {
    return "{\"negotiated_type\":\"negotiated\",\"negotiated_rate\":" + rate
        + ",\"expiration_date\":\"9999-12-31\",\"service_code\":[\"11\"],"
        + "\"billing_class\":\"professional\",\"setting\":\"outpatient\","
        + "\"billing_code_modifier\":[\"26\"],\"additional_information\":\"note\"}";
  }
}
