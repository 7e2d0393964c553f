package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.preprocess.remote.FetchLimits;
import io.ptlake.preprocess.storage.StorageOptions;
import io.ptlake.preprocess.storage.StorageProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The option mixins take their defaults from the constants of the configs they build: parsed
 * without options, or built without parsing (as the demo builds its chunk options), they give the
 * configs' own defaults, and the help shows them as the options are written.
 */
class OptionDefaultsTest {
  @Command(name = "options")
  static final class Options {
    @Mixin ChunkOptions chunk;
    @Mixin StorageOptions storage;
    @Mixin FetchOptions fetch;
  }

  @Test
  void parsedOrNotTheOptionsGiveTheConfigsDefaults() {
    Options parsed = new Options();
    CommandLine cli = new CommandLine(parsed);
    cli.parseArgs();
    PreprocessConfig defaults = PreprocessConfig.builder("in.json", Path.of("out")).build();

    for (ChunkOptions chunk : new ChunkOptions[] {parsed.chunk, new ChunkOptions()}) {
      PreprocessConfig config =
          chunk.configure("in.json", Path.of("out"), cli.getCommandSpec()).build();
      assertThat(config.chunkBytes()).isEqualTo(defaults.chunkBytes());
      assertThat(config.chunkCodec()).isEqualTo(defaults.chunkCodec());
      assertThat(config.maxJsonBytes()).isEqualTo(defaults.maxJsonBytes());
    }
    StorageProperties storageDefaults = StorageProperties.builder().build();
    for (StorageOptions storage : new StorageOptions[] {parsed.storage, new StorageOptions()}) {
      StorageProperties properties = storage.properties();
      assertThat(properties.partSize()).isEqualTo(storageDefaults.partSize());
      assertThat(properties.uploadParallelism()).isEqualTo(storageDefaults.uploadParallelism());
      assertThat(properties.sse()).isEqualTo(storageDefaults.sse());
    }
    assertThat(parsed.fetch.limits(cli.getCommandSpec())).isEqualTo(FetchLimits.DEFAULTS);
    assertThat(new FetchOptions().limits(cli.getCommandSpec())).isEqualTo(FetchLimits.DEFAULTS);
  }

  @Test
  void theHelpShowsTheDefaultsAsTheOptionsTakeThem() {
    String usage = new CommandLine(new Options()).getUsageMessage();

    assertThat(usage.replaceAll("\\s+", " ")).contains(
        "N MiB of JSON (default: 128)", "none or gzip (default: none)",
        "malformed: a bound on decompression bombs (default: 2000)",
        "in MiB, at least 5 (default: 16)", "Parts uploading at once (default: 2)",
        "bucket's default encryption) (default: none)",
        "exceeds N MiB fails (default: 512)", "within S seconds fails (default: 300)",
        "fetched at once (default: 4)");
  }
}
