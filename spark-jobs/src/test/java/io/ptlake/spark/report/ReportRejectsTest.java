package io.ptlake.spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.spark.ingest.IngestConfig;
import io.ptlake.spark.ingest.PreprocessedFixture;
import io.ptlake.spark.ingest.RateExplodeJob;
import io.ptlake.spark.ingest.TableFormat;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A load with a rejected record: the report says its rows went to rejects, and which kind. */
class ReportRejectsTest {
  private static final String DATABASE = "report_rejects";
  private static final String SOURCE = "s3://payer/ill-typed.json";

  @TempDir Path tmp;

  @Test
  void rowsOfRejectedRecordsAreExplainedAndTheRejectsAreCountedByKind() {
    Path dir = PreprocessedFixture.source(SOURCE)
        .header("last_updated_on", "2024-05-01")
        .header("reporting_entity_name", "Ill Typed Health")
        .items("{\"item\":0,\"billing_code\":\"100\"}")
        .rates("{\"item\":0,\"provider_groups\":[{\"npi\":[11,12]}],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":1.00}]}",
            "{\"item\":0,\"provider_groups\":[{\"npi\":[13]}],"
                + "\"negotiated_prices\":[{\"negotiated_rate\":\"N/A\"}]}")
        .expectedRows(3)
        .writeToNew(tmp, "ill-typed");
    RateExplodeJob.run(ReportFixture.spark(), IngestConfig.of(List.of(dir.toString()))
        .withTable(DATABASE, IngestConfig.DEFAULT_TABLE));

    ReportData data = ReportFixture.gather(ReportConfig.defaults()
        .withTable(DATABASE, IngestConfig.DEFAULT_TABLE, TableFormat.HIVE)
        .withCodes(List.of("100")));
    Document page = Jsoup.parse(ReportPage.render(data));

    Element source = page.selectFirst("tr[data-source-key]");
    assertThat(source.selectFirst("[data-col=written_rows]").attr("data-value")).isEqualTo("2");
    assertThat(source.selectFirst("[data-col=expected_rows]").attr("data-value")).isEqualTo("3");
    assertThat(source.selectFirst("td.status").attr("data-status")).isEqualTo("rejected");
    assertThat(source.selectFirst("td.status").attr("data-missing")).isEqualTo("1");
    assertThat(source.selectFirst("[data-source=run-report]").attr("data-value")).isEqualTo("1");
    QueryResult rejects = data.load().rejects();
    assertThat(rejects.size()).isEqualTo(1);
    assertThat(rejects.text(0, "kind")).isEqualTo("rates");
    assertThat(rejects.count(0, "rejected_records")).isEqualTo(1);
    assertThat(rejects.text(0, "first_reason")).contains("negotiated_rate");
    assertThat(page.select("[data-query=" + rejects.id() + "][data-col=rejected_records]")
        .eachAttr("data-value")).containsExactly("1");
  }
}
