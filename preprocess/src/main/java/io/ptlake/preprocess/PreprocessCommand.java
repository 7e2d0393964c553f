package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.toc.SourceKind;
import io.ptlake.preprocess.toc.TocPreprocessor;
import io.ptlake.preprocess.storage.StorageOptions;
import io.ptlake.preprocess.storage.StorageProperties;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code preprocess INPUT --out DIR}: the command line of {@link Preprocessor}. Prints a one-line
 * JSON summary on stdout; progress and errors go to stderr.
 */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    versionProvider = PreprocessCommand.Version.class,
    description = "Splits a TiC in-network rate file or allowed-amounts file (JSON, plain or gzip)"
        + " into chunk files.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the input could not be read or the output written (may succeed on retry)",
      "2:malformed input file or invalid options"
    })
public class PreprocessCommand implements Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_IO_ERROR = 1;
  public static final int EXIT_MALFORMED_INPUT = 2;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "INPUT",
      description = "In-network file, allowed-amounts file or table of contents: a local path,"
          + " s3://bucket/key or https:// URL.")
  private String input;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output directory, a local path or s3://bucket/prefix; its previous content is replaced.")
  private String out;

  @Mixin private ChunkOptions chunkOptions;

  @Mixin private StorageOptions storageOptions;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Table of contents: preprocess at most N of the listed files (default: all).")
  private int limit;

  @Option(
      names = "--match",
      paramLabel = "REGEX",
      description = "Table of contents: only the files whose URL contains a match of REGEX.")
  private Pattern match;

  @Mixin private FetchOptions fetchOptions;

  @Option(names = "--quiet", description = "No progress lines nor final summary line on stderr.")
  private boolean quiet;

  @Option(
      names = "--scan-threads",
      paramLabel = "N",
      description = "Threads that scan an in-network file's negotiated rates beside the threads"
          + " that inflate, walk and write it; 0 scans on the walking thread (default: none"
          + " below 4 cores, else one per core beyond two, at most 3; here ${DEFAULT-VALUE}).")
  private int scanThreads = PreprocessConfig.DEFAULT_SCAN_THREADS;

  public PreprocessCommand() {}

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    StorageProperties storageProperties;
    try {
      storageProperties = storageOptions.properties();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try (Storage storage = Storage.create(storageProperties)) {
      // Checks the options before anything is read.
      PreprocessConfig.Builder single = configure(input, storage.output(out), storage);
      if (SourceKind.detect(storage.inputSource(), input) == SourceKind.TABLE_OF_CONTENTS) {
        TocPreprocessor.Result result =
            new TocPreprocessor(
                    storage, (file, output) -> configure(file, output, storage), limit, match)
                .run(input, out);
        spec.commandLine().getOut().println(tocSummary(input, result));
        finalLine(err, String.format(Locale.ROOT, "preprocess: %d of %d files done in %.1f s",
            result.files().size() - result.failed(), result.files().size(), seconds(started)));
        return result.failed() == 0 ? EXIT_OK : EXIT_IO_ERROR;
      }
      Manifest manifest = new Preprocessor(single.build()).run();
      double seconds = seconds(started);
      spec.commandLine().getOut().println(summary(manifest, seconds));
      finalLine(err, String.format(Locale.ROOT,
          "preprocess: done, %,d MiB of JSON in %.1f s (%.0f MB/s), %d chunks, %,d expected rows"
              + ", %d remote provider files failed",
          manifest.source().jsonBytes() >> 20, seconds,
          ProgressReporter.mbPerSecond(manifest.source().jsonBytes(), seconds),
          manifest.chunks().size(), manifest.expectedRows(),
          manifest.count(Manifest.REMOTE_REFERENCE_FAILURES)));
      return EXIT_OK;
    } catch (MalformedInputException e) {
      err.println(e.getMessage());
      return EXIT_MALFORMED_INPUT;
    } catch (IOException e) {
      err.println("Cannot preprocess " + Storage.displayUri(input) + ": " + e);
      return EXIT_IO_ERROR;
    }
  }

  /** One source file's config: every option applied, a progress reporter of its own. */
  private PreprocessConfig.Builder configure(String file, OutputLocation output, Storage storage) {
    if (scanThreads < 0) {
      throw new ParameterException(spec.commandLine(), "--scan-threads must not be negative");
    }
    return chunkOptions
        .configure(file, output, spec)
        .scanThreads(scanThreads)
        .input(storage.inputSource())
        .fetchLimits(fetchOptions.limits(spec))
        .progress(quiet ? ProgressListener.NONE : new ProgressReporter(spec.commandLine().getErr()));
  }

  private void finalLine(PrintWriter err, String line) {
    if (!quiet) {
      err.println(line);
      err.flush();
    }
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }

  static String summary(Manifest manifest, double seconds) throws IOException {
    StringWriter line = new StringWriter();
    try (JsonGenerator g = TicJson.FACTORY.createGenerator(line)) {
      g.writeStartObject();
      g.writeStringField("source", manifest.sourceUri());
      for (Map.Entry<String, Long> count : manifest.counts().entrySet()) {
        g.writeNumberField(count.getKey(), count.getValue());
      }
      g.writeNumberField("expected_rows", manifest.expectedRows());
      g.writeNumberField("json_bytes", manifest.source().jsonBytes());
      g.writeNumberField("chunks", manifest.chunks().size());
      g.writeNumberField("seconds", Math.round(seconds * 100) / 100.0);
      g.writeNumberField(
          "mb_per_s",
          Math.round(ProgressReporter.mbPerSecond(manifest.source().jsonBytes(), seconds) * 10)
              / 10.0);
      g.writeEndObject();
    }
    return line.toString();
  }

  static String tocSummary(String toc, TocPreprocessor.Result result) throws IOException {
    StringWriter line = new StringWriter();
    try (JsonGenerator g = TicJson.FACTORY.createGenerator(line)) {
      g.writeStartObject();
      g.writeStringField("toc", Storage.displayUri(toc));
      g.writeNumberField("files_listed", result.toc().files().size());
      g.writeNumberField("files_selected", result.files().size());
      g.writeNumberField(
          "files_done", result.files().stream().filter(TocPreprocessor.FileResult::ok).count());
      g.writeNumberField("files_failed", result.failed());
      g.writeEndObject();
    }
    return line.toString();
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ptlake preprocess " + ToolVersion.VALUE};
    }
  }
}
