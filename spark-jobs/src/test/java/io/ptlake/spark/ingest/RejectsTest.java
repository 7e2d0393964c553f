package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.spark.SharedSpark;
import io.ptlake.spark.catalog.LakeTables;
import io.ptlake.spark.ingest.IngestReport.SourceReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Column;

/** Malformed and ill-typed chunk records: rejected with a reason, reconciled, never fatal. */
class RejectsTest {
  private static final String DATABASE = "rejects_test";
  private static final String TABLE = DATABASE + ".rates";
  private static final String ILL_TYPED = "file:///data/ill-typed.json";
  private static final String UNREADABLE = "file:///data/unreadable.json";
  /** The sources' source_id: SHA-256 of the URI, first 8 bytes in hex (sha256sum). */
  private static final String ILL_TYPED_ID = "6403099ae4c45a5d";
  private static final String UNREADABLE_ID = "07224be66ecf8467";

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static IngestReport report;

  @BeforeAll
  static void ingest() {
    spark = SharedSpark.session();
    report = RateExplodeJob.run(spark, config("rates",
        dir("ill-typed", illTyped(8)), dir("unreadable", unreadable())));
  }

  /**
   * Rows as the manifest counts them (8): r0 id 1 (2 NPIs) = 2; r1 id 1 with the rate "N/A" = 2
   * (rejected); r2 inline npis written as quoted numbers = 2 (read); r3 inline npi "3x" = 1
   * (rejected); r4 id 2, whose entry has the npi "2x" (rejected) = 1, written with null provider
   * columns as for an undefined id. Written: 2 + 2 + 1 = 5; rows of rejected records: 3.
   */
  private static PreprocessedFixture illTyped(long expectedRows) {
    return PreprocessedFixture.source(ILL_TYPED)
        .header("last_updated_on", "2024-05-01")
        .items("{\"item\":0,\"billing_code\":\"100\"}", "{\"item\":1,\"billing_code\":\"200\"}")
        .references(
            "{\"provider_group_id\":\"1\",\"provider_groups\":[{\"npi\":[11,12]}]}",
            "{\"provider_group_id\":\"2\",\"provider_groups\":[{\"npi\":[\"2x\"]}]}")
        .rates(
            "{\"item\":0,\"provider_references\":[\"1\"],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":1.00}]}",
            "{\"item\":0,\"provider_references\":[\"1\"],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":\"N/A\"}]}",
            "{\"item\":1,\"provider_groups\":[{\"npi\":[\"33\",\"34\"]}],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":\"2.50\"}]}",
            "{\"item\":1,\"provider_groups\":[{\"npi\":[\"3x\"]}],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":2.00}]}",
            "{\"item\":1,\"provider_references\":[\"2\"],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":3.00}]}")
        .expectedRows(expectedRows)
        .undefinedReferenceIds(0);
  }

  /** One good rate (1 row) and a line that is not JSON, which the manifest counted as 1 row. */
  private static PreprocessedFixture unreadable() {
    return PreprocessedFixture.source(UNREADABLE)
        .header("last_updated_on", "2024-05-01")
        .items("{\"item\":0,\"billing_code\":\"100\"}")
        .rates("{\"item\":0,\"negotiated_prices\":[{\"negotiated_rate\":4.00}]}",
            "{\"item\":0,\"negotiated_prices\":[{\"negotiated_rate\":5.00}")
        .expectedRows(2);
  }

  @Test
  void writesTheGoodRecordsRowsIncludingQuotedNumbers() {
    assertThat(RowCells.sortedLines(spark.sql("SELECT source_file, billing_code,"
        + " provider_group_id, npi, negotiated_rate FROM " + TABLE).collectAsList()))
        .containsExactly(
            ILL_TYPED + "|100|1|11|1.0000000000",
            ILL_TYPED + "|100|1|12|1.0000000000",
            ILL_TYPED + "|200|2|null|3.0000000000",
            ILL_TYPED + "|200|null|33|2.5000000000",
            ILL_TYPED + "|200|null|34|2.5000000000",
            UNREADABLE + "|100|null|null|4.0000000000");
  }

  @Test
  void sendsEveryBadRecordToTheRejectsTableWithItsChunkAndReason() {
    List<String> rejects = RowCells.sortedLines(spark.sql("SELECT source_file, kind, item, reason,"
        + " record, regexp_extract(chunk, '[^/]+/[^/]+$', 0), snapshot_month, source_id"
        + " FROM " + DATABASE + ".rejects").collectAsList());

    String month = "|2024-05|";
    assertThat(rejects).containsExactly(
        ILL_TYPED + "|provider_references|null|npi is not an integer: 2x|"
            + "{\"provider_group_id\":\"2\",\"provider_groups\":[{\"npi\":[\"2x\"]}]}|"
            + "provider_references/part-00000.jsonl" + month + ILL_TYPED_ID,
        ILL_TYPED + "|rates|0|negotiated_rate is not a number: N/A|"
            + "{\"item\":0,\"provider_references\":[\"1\"],"
            + "\"negotiated_prices\":[{\"negotiated_rate\":\"N/A\"}]}|"
            + "in_network/part-00000.jsonl" + month + ILL_TYPED_ID,
        ILL_TYPED + "|rates|1|npi is not an integer: 3x|"
            + "{\"item\":1,\"provider_groups\":[{\"npi\":[\"3x\"]}],"
            + "\"negotiated_prices\":[{\"negotiated_rate\":2.00}]}|"
            + "in_network/part-00000.jsonl" + month + ILL_TYPED_ID,
        UNREADABLE + "|rates|null|" + ChunkReader.UNREADABLE + "|"
            + "{\"item\":0,\"negotiated_prices\":[{\"negotiated_rate\":5.00}|"
            + "in_network/part-00000.jsonl" + month + UNREADABLE_ID);
  }

  /** What catalog register and 04_rejects.sql declare is what this ingest wrote. */
  @Test
  void theCatalogDescribesTheRejectsTableWithItsSparkColumnsAndTypes() {
    List<String> sparkColumns = List.of(spark.table(DATABASE + ".rejects").schema().fields())
        .stream().map(field -> field.name() + " " + field.dataType().catalogString()).toList();
    List<String> catalogColumns = Stream.concat(LakeTables.REJECTS.columns().stream(),
            LakeTables.REJECTS.partitionKeys().stream())
        .map(column -> column.name() + " " + column.type()).toList();

    assertThat(catalogColumns).containsExactlyElementsOf(sparkColumns);
    assertThat(LakeTables.REJECTS.partitionKeys()).extracting(Column::name)
        .containsExactly("snapshot_month", "source_id");
  }

  @Test
  void reconcilesEachSourceWithTheRowsItsRejectsWouldHaveMade() {
    SourceReport illTyped = report.sources().get(0);
    SourceReport unreadable = report.sources().get(1);

    assertThat(List.of(illTyped.expectedRows(), illTyped.writtenRows(), illTyped.rejectedRecords(),
        illTyped.unreadableRecords(), illTyped.rowsOfRejectedRecords(), illTyped.unexplainedRows()))
        .containsExactly(8L, 5L, 3L, 0L, 3L, 0L);
    // The unreadable line's rows cannot be counted: the difference is reported, not fatal.
    assertThat(List.of(unreadable.expectedRows(), unreadable.writtenRows(),
        unreadable.rejectedRecords(), unreadable.unreadableRecords(),
        unreadable.unexplainedRows()))
        .containsExactly(2L, 1L, 1L, 1L, 1L);
    assertThat(unreadable.failsCheck()).isFalse();
    assertThat(report.toJson()).contains("\"rejected_records\" : 4", "\"unexplained_rows\" : 1");
  }

  @Test
  void keepsTheRunReportUnderTheWarehouse() throws IOException {
    Path runs = SharedSpark.warehouse().resolve(RateExplodeJob.RUNS_DIR);
    List<String> reports;
    try (Stream<Path> files = Files.list(runs)) {
      reports = files.filter(f -> f.toString().endsWith("-" + TABLE + ".json")).map(f -> {
        try {
          return Files.readString(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    }

    assertThat(reports).contains(report.toJson());
  }

  @Test
  void stillFailsOnADifferenceTheRejectsDoNotExplain() {
    Path wrong = dir("wrong", illTyped(9));

    assertThatThrownBy(() -> RateExplodeJob.run(spark, config("wrong", wrong)))
        .isInstanceOf(RowCountMismatchException.class)
        .hasMessageContaining(ILL_TYPED + ": expected 9 rows, table holds 5 (3 records rejected,"
            + " 3 rows of theirs counted)");
  }

  private static Path dir(String name, PreprocessedFixture fixture) {
    return fixture.writeToNew(tmp, name);
  }

  private static IngestConfig config(String table, Path... dirs) {
    return IngestConfig.of(Stream.of(dirs).map(Path::toString).toList())
        .withTable(DATABASE, table);
  }
}
