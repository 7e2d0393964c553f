package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.preprocess.ChunkKind;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preprocessed allowed-amounts directory is read as what it is: never exploded as rates, and
 * given to allowed_amounts by the ingest (AllowedAmountsTableTest).
 */
class PreprocessedSourceAllowedAmountsTest {
  @TempDir Path dir;

  @Test
  void anAllowedAmountsDirectoryIsReadButNotExplodedAsRates() throws Exception {
    Path source = Files.writeString(dir.resolve("aa.json"), """
        {"reporting_entity_name":"Acme","last_updated_on":"2024-05-01","version":"1.0.0",
         "out_of_network":[{"billing_code":"99214","allowed_amounts":[{"tin":{"type":"ein",
          "value":"1"},"billing_class":"professional","payments":[{"allowed_amount":1,
          "providers":[{"billed_charge":2,"npi":[1111111111]}]}]}]}]}
        """);
    Path out = dir.resolve("out");
    new Preprocessor(PreprocessConfig.builder(source.toString(), out).build()).run();

    assertThatThrownBy(() -> PreprocessedSource.load(out.toString(), new Configuration()))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("because its manifest says file_type allowed-amounts, and only"
            + " in-network-rates files hold rates; ingest loads allowed-amounts files into"
            + " allowed_amounts");
    PreprocessedSource read = PreprocessedSource.read(out.toString(), new Configuration());
    assertThat(read.isInNetwork()).isFalse();
    assertThat(read.manifest().expectedRows()).isEqualTo(1);
    assertThat(ChunkSchemas.of(ChunkKind.ALLOWED_AMOUNTS).fieldNames()).containsExactly(
        "item", "tin", "service_code", "billing_class", "setting", "payments");
  }
}
