package io.ptlake.spark.cli;

import io.ptlake.preprocess.ChunkOptions;
import io.ptlake.preprocess.MalformedInputException;
import io.ptlake.preprocess.PreprocessCommand;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageOptions;
import io.ptlake.preprocess.storage.StorageProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ptlake run}: preprocess every input, then ingest them all in one Spark job. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Preprocesses each INPUT (into WH/_staging or --work), then ingests them all and checks"
          + " the row counts: in-network files into the rates tables, allowed-amounts files into"
          + " allowed_amounts, a table of contents (with the files it lists) into plans and"
          + " plan_files.",
      "Prints the ingest report (JSON) on stdout."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:an input could not be read, the output written, or the row counts differ",
      "2:malformed input file or invalid options"
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT",
      description = "In-network or allowed-amounts files, or tables of contents: local paths,"
          + " s3://bucket/key or https:// URLs.")
  List<String> inputs;

  @Option(names = "--work", paramLabel = "DIR",
      description = "Where the preprocessed chunks go (default: WH/_staging).")
  Path work;

  @Mixin ChunkOptions chunkOptions;
  @Mixin StorageOptions storageOptions;
  @Mixin SparkOptions sparkOptions;
  @Mixin TableOptions tableOptions;

  public RunCommand() {}

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    StorageProperties storageProperties;
    try {
      storageProperties = storageOptions.properties();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    List<String> dirs;
    try (Storage storage = Storage.create(storageProperties)) {
      dirs = new StagingArea(staging(), storage, storage.inputSource())
          .preprocess(inputs, chunkOptions, spec, err);
    } catch (MalformedInputException e) {
      err.println(e.getMessage());
      return PreprocessCommand.EXIT_MALFORMED_INPUT;
    } catch (IOException e) {
      err.println("ptlake run: " + e);
      return PreprocessCommand.EXIT_IO_ERROR;
    }
    return IngestCommand.ingest(spec, sparkOptions, tableOptions.config(dirs, spec));
  }

  private Path staging() {
    if (work != null) {
      return work;
    }
    if (sparkOptions.warehouse == null) {
      throw new ParameterException(spec.commandLine(),
          "Missing option --warehouse or --work: the preprocessed chunks need a folder");
    }
    return sparkOptions.warehouse.resolve("_staging");
  }
}
