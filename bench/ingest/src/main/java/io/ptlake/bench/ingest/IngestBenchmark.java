package io.ptlake.bench.ingest;

import io.ptlake.generator.GenerateCommand;
import io.ptlake.spark.cli.PtlakeCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ptlake's ingest against the AWS blog's job ({@link AwsBlogBaselineJob}) and a DuckDB peer
 * ({@link DuckDbPeer}) on the same input, in one run. Every step runs in its own JVM under
 * {@link MeasuredMain}, so each has its own wall time, CPU seconds and memory peaks (in local
 * mode the executor is the driver JVM); rows and Parquet sizes are read from the written files
 * ({@link ParquetStats}), each contender's rows are set against the manifests' expected_rows, and
 * {@link RowComparison} accounts for the rows the baseline loses.
 *
 * <p>Steps: ptlake's preprocess; in_network_rates alone with the columnar writer
 * ({@code --no-normalized}); the whole ingest (all five tables) with it; in_network_rates alone
 * with Spark's writer; the blog's split and job; the DuckDB peer on ptlake's chunks.
 *
 * <p>A benchmark, not a test: run by bench/ingest-bench.sh, never by CI.
 */
@Command(name = "ingest-bench", mixinStandardHelpOptions = true,
    description = "Times ptlake's ingest, the AWS blog's Glue job logic and a DuckDB peer on the"
        + " same input.")
public final class IngestBenchmark implements Callable<Integer> {
  private static final double MB = 1024.0 * 1024.0;
  /** The targets: in_network_rates this many times faster than the blog's job. */
  private static final double TARGET_TABLE_SPEEDUP = 5;
  /** And the whole ingest, all five tables. */
  private static final double TARGET_INGEST_SPEEDUP = 3;

  @Option(names = "--input", description = "Existing input files (plain or gzip JSON); repeat"
      + " for several. Without it, --files files are generated under --data-dir.")
  private List<Path> inputs = new ArrayList<>();

  @Option(names = "--files", defaultValue = "1",
      description = "Generated files, ingested at once (default: ${DEFAULT-VALUE}).")
  private int files;

  @Option(names = "--size-mb", defaultValue = "1024",
      description = "Uncompressed JSON MiB of each generated file (default: ${DEFAULT-VALUE}).")
  private long sizeMb;

  @Option(names = "--generate-arg", description = "Extra `ptlake generate` option for generated"
      + " files (repeat), e.g. --generate-arg=--shape --generate-arg=payer-like. Default: a"
      + " realistic shape of ~14 items per MiB, so ~14k billing codes per GiB: --rates-per-item"
      + " 150..250 --npis-per-group 1..4.")
  private List<String> generateArgs = new ArrayList<>();

  @Option(names = "--data-dir", defaultValue = "bench/data",
      description = "Where generated inputs are kept and reused (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(names = "--work", description = "Chunks and warehouses (default: DATA_DIR/ingest-run).")
  private Path work;

  @Option(names = "--ingest-arg", description = "Extra `ptlake ingest` option of every ptlake"
      + " step, passed as it is (repeat), e.g. --ingest-arg=--target-file-size=128m")
  private List<String> ingestArgs = new ArrayList<>();

  @Option(names = "--jvm-arg", description = "JVM option of every step (repeat)."
      + " Default: -Xmx6g.")
  private List<String> jvmArgs = new ArrayList<>();

  /** What the launcher would add for this input (set once the chunks' size is known). */
  private List<String> stepJvmOptions = List.of();

  @Option(names = "--threads", description = "Cores the DuckDB peer may use (default: the cores"
      + " Spark's local[*] uses, every core of the machine).")
  private Integer threads;

  @Option(names = "--skip-baseline", description = "Leave out the blog's job.")
  private boolean skipBaseline;

  @Option(names = "--skip-spark-writer", description = "Leave out ptlake with Spark's writer.")
  private boolean skipSparkWriter;

  @Option(names = "--skip-duckdb", description = "Leave out the DuckDB peer.")
  private boolean skipDuckDb;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<Path> sources = inputs.isEmpty() ? generated() : inputs;
    Path root = (work != null ? work : dataDir.resolve("ingest-run")).toAbsolutePath();
    deleteTree(root);
    Files.createDirectories(root);
    long sourceBytes = 0;
    for (Path source : sources) {
      sourceBytes += Files.size(source);
    }
    System.out.printf(Locale.ROOT, "inputs: %d file(s), %.1f MB stored; load average %s%n",
        sources.size(), sourceBytes / MB, loadAverage());

    List<String> chunkDirs = new ArrayList<>();
    Step pre = perSource(root, sources, "ptlake preprocess", "ptlake-preprocess", "ptlake",
        PtlakeCli.class,
        (source, out) -> List.of("preprocess", source, "--out", out, "--quiet"), chunkDirs);
    long chunkBytes = chunkBytes(chunkDirs.stream().map(Path::of).toList());
    long expectedRows = expectedRows(chunkDirs);
    stepJvmOptions = SmallJobOptions.load(Path.of(System.getProperty("ptlake.home", ".")))
        .forInput(chunkBytes);
    if (!stepJvmOptions.isEmpty()) {
      System.out.printf(Locale.ROOT, "small input (%.1f MB of chunks): ptlake's columnar steps"
          + " run with %s, as ./ptlake runs such a job (%s)%n", chunkBytes / MB,
          String.join(" ", stepJvmOptions), SmallJobOptions.FILE);
    }
    List<Line> lines = new ArrayList<>();
    lines.add(new Line(pre, 0, ParquetStats.empty(), -1));

    Step tableOnly = ingest(root, "ptlake-columnar-rates", chunkDirs, "--no-normalized");
    Path ptlakeTable = ratesTable(root, "ptlake-columnar-rates");
    lines.add(new Line(tableOnly.named("ptlake in_network_rates, columnar writer"), chunkBytes,
        ParquetStats.of(ptlakeTable), expectedRows));
    Step whole = ingest(root, "ptlake-columnar-all", chunkDirs);
    Path wholeDatabase = ratesTable(root, "ptlake-columnar-all").getParent();
    lines.add(new Line(whole.named("ptlake ingest, all five tables, columnar writer"),
        chunkBytes, ParquetStats.of(wholeDatabase.resolve("in_network_rates")), expectedRows));
    lines.add(new Line(Step.none("  (its normalized tables)"), 0,
        ParquetStats.ofAll(wholeDatabase, wholeDatabase.resolve("in_network_rates")), -1));
    Step sparkWriter = null;
    if (!skipSparkWriter) {
      sparkWriter = ingest(root, "ptlake-spark-rates", chunkDirs, "--no-normalized",
          "--writer=spark");
      lines.add(new Line(sparkWriter.named("ptlake in_network_rates, Spark's writer"),
          chunkBytes, ParquetStats.of(ratesTable(root, "ptlake-spark-rates")), expectedRows));
    }
    Step baseline = null;
    Path baselineTable = null;
    if (!skipBaseline) {
      Path warehouse = root.resolve("baseline-warehouse");
      List<String> blogDirs = new ArrayList<>();
      Step split = perSource(root, sources, "baseline split (Jackson, 25 items / 1000 refs)",
          "baseline-split", "baseline", BlogChunkSplitter.class,
          (source, out) -> List.of(source, out), blogDirs);
      List<String> job = new ArrayList<>(blogDirs);
      job.addAll(List.of("--warehouse", warehouse.toString()));
      baseline = run(root, "baseline-job", AwsBlogBaselineJob.class.getName(), job);
      baselineTable = warehouse.resolve("baseline.db").resolve("in_network_rates");
      lines.add(new Line(split, 0, ParquetStats.empty(), -1));
      lines.add(new Line(baseline.named("AWS blog's job"),
          chunkBytes(blogDirs.stream().map(Path::of).toList()), ParquetStats.of(baselineTable),
          expectedRows));
    }
    Step duck = null;
    if (!skipDuckDb) {
      Path out = root.resolve("duckdb-peer");
      List<String> args = new ArrayList<>(List.of(out.toString(), String.valueOf(
          threads != null ? threads : Runtime.getRuntime().availableProcessors())));
      args.addAll(chunkDirs);
      duck = run(root, "duckdb-peer", DuckDbPeer.class.getName(), args);
      lines.add(new Line(duck.named("DuckDB peer, same chunks and row rules"), chunkBytes,
          ParquetStats.of(out), expectedRows));
    }
    System.out.println();
    System.out.print(table(lines));
    if (baselineTable != null) {
      Step compare = run(root, "row-comparison", RowComparison.class.getName(),
          List.of(ptlakeTable.toString(), baselineTable.toString(),
              root.resolve("comparison-warehouse").toString()));
      System.out.println("row comparison: " + compare.stdout().strip());
      System.out.printf(Locale.ROOT, "in_network_rates: the blog's job %.1f s / ptlake %.1f s ="
              + " %.2fx (target %.0fx: at most %.1f s)%n", baseline.seconds(),
          tableOnly.seconds(), baseline.seconds() / tableOnly.seconds(), TARGET_TABLE_SPEEDUP,
          baseline.seconds() / TARGET_TABLE_SPEEDUP);
      System.out.printf(Locale.ROOT, "whole ingest: the blog's job %.1f s / ptlake %.1f s ="
              + " %.2fx (target %.0fx: at most %.1f s)%n", baseline.seconds(), whole.seconds(),
          baseline.seconds() / whole.seconds(), TARGET_INGEST_SPEEDUP,
          baseline.seconds() / TARGET_INGEST_SPEEDUP);
    }
    if (duck != null) {
      System.out.printf(Locale.ROOT, "in_network_rates: DuckDB %.1f s / ptlake %.1f s = %.2fx"
              + " (above 1: ptlake faster); CPU %.1f s against %.1f s%n", duck.seconds(),
          tableOnly.seconds(), duck.seconds() / tableOnly.seconds(), duck.cpuSeconds(),
          tableOnly.cpuSeconds());
    }
    if (sparkWriter != null) {
      System.out.printf(Locale.ROOT, "in_network_rates: Spark's writer %.1f s / columnar %.1f s"
              + " = %.2fx%n", sparkWriter.seconds(), tableOnly.seconds(),
          sparkWriter.seconds() / tableOnly.seconds());
    }
    System.out.println("load average after: " + loadAverage());
    return 0;
  }

  /** {@code ptlake ingest DIRS --warehouse ROOT/<name>-warehouse OPTIONS} as a measured step. */
  private Step ingest(Path root, String name, List<String> chunkDirs, String... options)
      throws IOException, InterruptedException {
    List<String> ingest = new ArrayList<>(List.of("ingest"));
    ingest.addAll(chunkDirs);
    ingest.addAll(List.of("--warehouse", root.resolve(name + "-warehouse").toString()));
    ingest.addAll(List.of(options));
    ingest.addAll(ingestArgs);
    return run(root, name, PtlakeCli.class.getName(), ingest);
  }

  private static Path ratesTable(Path root, String name) {
    return root.resolve(name + "-warehouse").resolve("ptlake.db").resolve("in_network_rates");
  }

  /** The sources' expected rows, from their manifests: what every contender must write. */
  private static long expectedRows(List<String> chunkDirs) throws IOException {
    long rows = 0;
    for (String dir : chunkDirs) {
      try (java.io.InputStream in = Files.newInputStream(Path.of(dir, "manifest.json"))) {
        rows += io.ptlake.preprocess.ManifestReader.read(in).expectedRows();
      }
    }
    return rows;
  }

  /** The generated inputs, made once under --data-dir and reused (same seed, same file). */
  private List<Path> generated() throws IOException {
    Files.createDirectories(dataDir);
    List<String> shape = generateArgs.isEmpty()
        ? List.of("--rates-per-item", "150..250", "--npis-per-group", "1..4") : generateArgs;
    String tag = generateArgs.isEmpty() ? "" : "-" + Integer.toHexString(shape.hashCode());
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < this.files; i++) {
      Path file = dataDir.resolve(
          "ingest-" + sizeMb + "mb" + tag + (this.files == 1 ? "" : "-" + i) + ".json.gz");
      if (!Files.exists(file) || !Files.exists(Path.of(file + ".expected.json"))) {
        List<String> args = new ArrayList<>(List.of("--out", file.toString(), "--size-mb",
            String.valueOf(sizeMb), "--gzip", "--gzip-level", "1", "--seed",
            String.valueOf(42 + i)));
        args.addAll(shape);
        System.err.println("ingest-bench: generating " + file);
        int exit = new CommandLine(new GenerateCommand())
            .setOut(new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()))
            .execute(args.toArray(String[]::new));
        if (exit != 0) {
          throw new IllegalStateException("Cannot generate " + file + ": exit " + exit);
        }
      }
      files.add(file);
    }
    return files;
  }

  /**
   * One preprocessing step per source, in turn, summed; {@code argsOf(source, outDir)} gives its
   * arguments, its files are {@code ROOT/<step>-<i>.*}, and each output folder
   * {@code ROOT/<prefix>-chunks-<i>} is added to {@code outDirs}.
   */
  private Step perSource(Path root, List<Path> sources, String label, String step, String prefix,
      Class<?> mainClass, BiFunction<String, String, List<String>> argsOf, List<String> outDirs)
      throws IOException, InterruptedException {
    Step total = Step.none(label);
    for (int i = 0; i < sources.size(); i++) {
      String out = root.resolve(prefix + "-chunks-" + i).toString();
      outDirs.add(out);
      total = total.plus(run(root, step + "-" + i, mainClass.getName(),
          argsOf.apply(sources.get(i).toAbsolutePath().toString(), out)));
    }
    return total;
  }

  /** One step in its own JVM under {@link MeasuredMain}; fails the benchmark when it fails. */
  private Step run(Path root, String name, String mainClass, List<String> args)
      throws IOException, InterruptedException {
    Path metrics = root.resolve(name + ".metrics.json");
    Path stdout = root.resolve(name + ".out");
    Path stderr = root.resolve(name + ".err");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The flags this JVM was started with (Spark's --add-opens, the log4j configuration), then
    // the steps' own.
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    // As ./ptlake runs its own jobs; the blog's job keeps the JVM defaults a Glue job gets.
    if (mainClass.equals(PtlakeCli.class.getName()) && !args.contains("--writer=spark")) {
      command.addAll(stepJvmOptions);
    }
    command.addAll(jvmArgs.isEmpty() ? List.of("-Xmx6g") : jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        MeasuredMain.class.getName(), metrics.toString(), mainClass));
    command.addAll(args);
    System.err.printf(Locale.ROOT, "ingest-bench: %s (load average %s)%n", name, loadAverage());
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException(name + " failed with exit " + exit + "; see " + stderr);
    }
    String metricsJson = Files.readString(metrics);
    return new Step(name, seconds, number(metricsJson, "cpu_nanos") / 1e9,
        number(metricsJson, "peak_heap_used_bytes"),
        number(metricsJson, "peak_rss_bytes"), Files.readString(stdout), loadAverage());
  }

  private static long chunkBytes(List<Path> dirs) throws IOException {
    long bytes = 0;
    for (Path dir : dirs) {
      try (Stream<Path> walk = Files.walk(dir)) {
        bytes += walk.filter(Files::isRegularFile)
            .filter(path -> !path.getFileName().toString().equals("manifest.json"))
            .mapToLong(path -> {
              try {
                return Files.size(path);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }).sum();
      }
    }
    return bytes;
  }

  private static String table(List<Line> lines) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%-52s %8s %8s %12s %10s %9s %10s %7s %9s %9s %9s %9s %9s %9s %-7s %s%n", "step",
        "seconds", "cpu s", "rows", "rows/s", "chunkMB/s", "parquetMB", "files", "min KB",
        "p50 KB", "p90 KB", "max KB", "heap MB", "RSS MB", "all rows", "load avg (end)"));
    for (Line line : lines) {
      Step step = line.step;
      ParquetStats stats = line.stats;
      boolean timed = step.seconds() > 0;
      out.append(String.format(Locale.ROOT,
          "%-52s %8s %8s %12s %10s %9s %10s %7s %9s %9s %9s %9s %9s %9s %-7s %s%n",
          step.name(), timed ? String.format(Locale.ROOT, "%.1f", step.seconds()) : "-",
          step.cpuSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", step.cpuSeconds()) : "-",
          stats.files() > 0 ? String.valueOf(stats.rows()) : "-",
          timed && stats.rows() > 0 ? String.format("%.0f", stats.rows() / step.seconds()) : "-",
          timed && line.chunkBytes > 0
              ? String.format(Locale.ROOT, "%.1f", line.chunkBytes / MB / step.seconds()) : "-",
          stats.files() > 0 ? String.format(Locale.ROOT, "%.1f", stats.bytes() / MB) : "-",
          stats.files() > 0 ? String.valueOf(stats.files()) : "-",
          kb(stats, stats.minBytes()), kb(stats, stats.p50Bytes()), kb(stats, stats.p90Bytes()),
          kb(stats, stats.maxBytes()),
          step.peakHeapBytes() > 0 ? String.format("%.0f", step.peakHeapBytes() / MB) : "-",
          step.peakRssBytes() > 0 ? String.format("%.0f", step.peakRssBytes() / MB) : "-",
          line.expectedRows < 0 ? "-" : stats.rows() == line.expectedRows ? "yes"
              : String.valueOf(stats.rows() - line.expectedRows),
          step.loadAverage()));
    }
    return out.toString();
  }

  private static String kb(ParquetStats stats, long bytes) {
    return stats.files() > 0 ? String.format(Locale.ROOT, "%.1f", bytes / 1024.0) : "-";
  }

  private static long number(String json, String field) {
    Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?[0-9]+)").matcher(json);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
  }

  /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
          .split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return String.format(Locale.ROOT, "%.2f",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** A measured step; several runs of one kind (one per input file) add up. */
  record Step(String name, double seconds, double cpuSeconds, long peakHeapBytes,
      long peakRssBytes, String stdout, String loadAverage) {
    static Step none(String name) {
      return new Step(name, 0, 0, 0, 0, "", "-");
    }

    Step plus(Step other) {
      return new Step(name, seconds + other.seconds, cpuSeconds + other.cpuSeconds,
          Math.max(peakHeapBytes, other.peakHeapBytes), Math.max(peakRssBytes, other.peakRssBytes),
          stdout + other.stdout, other.loadAverage);
    }

    Step named(String newName) {
      return new Step(newName, seconds, cpuSeconds, peakHeapBytes, peakRssBytes, stdout,
          loadAverage);
    }
  }

  /** A row of the table; {@code expectedRows} is what the step must write, -1 for none. */
  private record Line(Step step, long chunkBytes, ParquetStats stats, long expectedRows) {}
}
