package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
  @Test
  void defaultsToTheRatesTableBySourceInSixteenBucketsMerged() {
    IngestConfig config = IngestConfig.of(List.of("/out/a"));

    assertThat(config.qualifiedTable()).isEqualTo("ptlake.in_network_rates");
    assertThat(config.layout()).isEqualTo(TableLayout.SOURCE);
    assertThat(config.buckets()).isEqualTo(16);
    assertThat(config.mode()).isEqualTo(WriteMode.MERGE);
  }

  @Test
  void refusesWhatWouldFailHalfWayThroughAWrite() {
    IngestConfig config = IngestConfig.of(List.of("/out/a"));

    assertThatThrownBy(() -> IngestConfig.of(List.of()))
        .hasMessage("Cannot ingest because no preprocessed directory is given");
    assertThatThrownBy(() -> config.withBuckets(0))
        .hasMessage("Cannot ingest with 0 buckets: expected 1 to 1024");
    assertThatThrownBy(() -> config.withTable("ptlake", "rates; DROP TABLE x"))
        .hasMessageStartingWith("Cannot ingest into table 'rates; DROP TABLE x'");
    assertThatThrownBy(() -> config.withTable("PTLake", "rates"))
        .hasMessageStartingWith("Cannot ingest into database 'PTLake'");
  }
}
