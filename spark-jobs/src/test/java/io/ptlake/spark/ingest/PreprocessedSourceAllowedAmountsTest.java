package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.preprocess.ChunkKind;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A preprocessed allowed-amounts directory is refused clearly, not read as rates. */
class PreprocessedSourceAllowedAmountsTest {
  @TempDir Path dir;

  @Test
  void anAllowedAmountsDirectoryIsRefused() throws Exception {
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
        .hasMessageContaining("file_type allowed-amounts, and only in-network-rates files are ingested");
    assertThatThrownBy(() -> ChunkSchemas.of(ChunkKind.ALLOWED_AMOUNTS))
        .hasMessageContaining("allowed-amounts chunks are not ingested yet");
  }
}
