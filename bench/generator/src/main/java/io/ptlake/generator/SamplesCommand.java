package io.ptlake.generator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samples}: rewrites every {@link SampleDataSet} file and its counts into a directory. */
@Command(
    name = "samples",
    mixinStandardHelpOptions = true,
    description = "Write the sample-data files and their .expected.json into DIR, then the"
        + " allowed-amounts file, the table of contents and the NPPES and NUCC samples.")
public final class SamplesCommand implements Callable<Integer> {

  @Spec private CommandSpec command;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Target directory.")
  private Path dir;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(dir);
    for (SampleDataSet sample : SampleDataSet.values()) {
      ExpectedCounts counts = sample.writeTo(dir);
      command
          .commandLine()
          .getOut()
          .printf(
              "%-36s %7d bytes  %4d items  %6d rows%n",
              sample.fileName(),
              Files.size(dir.resolve(sample.fileName())),
              counts.inNetworkItems(),
              counts.expectedRows());
    }
    SampleExtras.writeTo(dir);
    command.commandLine().getOut().printf("%s, %s, %s, %s%n", SampleExtras.ALLOWED_AMOUNTS,
        SampleExtras.TOC, SampleExtras.NPPES, SampleExtras.TAXONOMIES);
    return 0;
  }
}
