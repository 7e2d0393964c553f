package io.ptlake.bench;

import com.sun.management.OperatingSystemMXBean;
import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.ChunkCodec;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.OutputLocation;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.preprocess.storage.Storage;
import io.ptlake.preprocess.storage.StorageProperties;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Preprocessor throughput and memory on a generated file: MB/s of JSON and of stored (compressed)
 * input, CPU seconds per GB of JSON, peak heap, RSS and chunk count, per run in one JVM (the first
 * run is cold, later ones warm). The input is generated once under {@code --data-dir} and reused.
 * CPU is also given per thread (the scanner, the inflater, the chunk writers, GC): on two shared
 * cores the busiest thread, not the total, bounds the wall time.
 *
 * <p>A benchmark, not a test: it is run by bench/preprocess-bench.sh, never by CI.
 */
@Command(name = "preprocess-bench", mixinStandardHelpOptions = true,
    description = "Measures ./ptlake preprocess on a generated in-network file.")
public final class PreprocessBenchmark implements Callable<Integer> {
  private static final double MB = 1024.0 * 1024.0;
  private static final String S3_BUCKET = "bench";
  private static final String S3_KEY = "bench";

  @Option(names = "--data-dir", defaultValue = "bench/data",
      description = "Where generated inputs are kept and reused (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(names = "--out-dir", description = "Chunk output directory (default: DATA_DIR/out).")
  private Path outDir;

  @Option(names = "--size-mb", defaultValue = "1100",
      description = "Uncompressed JSON size of the generated file, in MiB (default: ${DEFAULT-VALUE}).")
  private long sizeMb;

  @Option(names = "--giant", description = "Generate one item whose rates alone reach --giant-mb"
      + " (plus two small items) instead of a file of ordinary items.")
  private boolean giant;

  @Option(names = "--giant-mb", defaultValue = "1024",
      description = "Size of the giant item in MiB (default: ${DEFAULT-VALUE}).")
  private long giantMb;

  @Option(names = "--shape", split = ",", defaultValue = "default,payer-like",
      description = "Generated files' shapes, run one after the other: default (the generator's"
          + " defaults) and payer-like (token-dense: mostly NPI arrays, references last, one"
          + " 40 MiB item; docs/generator.md) (default: ${DEFAULT-VALUE}).")
  private List<String> shapes;

  @Option(names = "--plain", description = "Use an uncompressed file instead of gzip.")
  private boolean plain;

  @Option(names = "--runs", defaultValue = "3",
      description = "Runs in this JVM; the first is cold (default: ${DEFAULT-VALUE}).")
  private int runs;

  @Option(names = "--chunk-mb", defaultValue = "128",
      description = "Chunk size in MiB (default: ${DEFAULT-VALUE}).")
  private long chunkMb;

  @Option(names = "--chunk-codec", defaultValue = "none",
      description = "none or gzip (default: ${DEFAULT-VALUE}).")
  private String chunkCodec;

  @Option(names = "--scan-threads", paramLabel = "N",
      description = "Threads that scan the negotiated rates in parallel, as preprocess"
          + " --scan-threads (default: the preprocessor's, here ${DEFAULT-VALUE}).")
  private int scanThreads = PreprocessConfig.DEFAULT_SCAN_THREADS;

  @Option(names = "--input", description = "Benchmark this existing file instead of a generated one.")
  private Path input;

  @Option(names = "--s3", description = "Serve the file as s3://bench/<name> from a local S3 server"
      + " (s3proxy over files under DATA_DIR/s3) and read it through the S3 client, with its"
      + " ranged, resumable GETs. The server runs in this JVM: CPU, heap and RSS include it.")
  private boolean s3;

  @Option(names = "--s3-out", description = "With --s3: write the chunks and manifest to"
      + " s3://bench/out on the same server (multipart uploads) instead of --out-dir.")
  private boolean s3Out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PreprocessBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    int failures = 0;
    if (input != null) {
      return bench(input);
    }
    for (String shape : giant ? List.of("default") : shapes) {
      failures += bench(generated(shape));
    }
    return failures == 0 ? 0 : 1;
  }

  private int bench(Path source) throws Exception {
    Path out = outDir != null ? outDir : dataDir.resolve("out");
    ExpectedCounts expected = expectedCounts(source);
    long[] tokens = TokenCount.of(source);
    System.out.printf(Locale.ROOT, "# source %s (%.1f MiB stored, %.1f MiB JSON, %.4f tokens per"
            + " byte), max heap %.0f MiB, %d CPUs, %d scan threads%n",
        source, Files.size(source) / MB, tokens[1] / MB, tokens[0] / (double) tokens[1],
        Runtime.getRuntime().maxMemory() / MB, Runtime.getRuntime().availableProcessors(),
        scanThreads);
    if (s3Out && !s3) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--s3-out needs --s3");
    }
    int failures = 0;
    try (LocalS3Server server = s3 ? LocalS3Server.start(dataDir.resolve("s3"), 0,
            S3_KEY, S3_KEY) : null;
        Storage storage = Storage.create(storageProperties(server))) {
      String uri = source.toString();
      if (server != null) {
        server.put(source, S3_BUCKET, source.getFileName().toString());
        uri = "s3://" + S3_BUCKET + "/" + source.getFileName();
        System.out.printf("# reading %s from the local S3 server %s%s%n", uri, server.endpoint(),
            s3Out ? ", writing to s3://" + S3_BUCKET + "/out" : "");
      }
      OutputLocation output = storage.output(s3Out ? "s3://" + S3_BUCKET + "/out" : out.toString());
      for (int run = 1; run <= runs; run++) {
        failures += runOnce(run, uri, storage, s3Out ? null : out, output, expected) ? 0 : 1;
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /**
   * Local storage, or the S3 client of {@code server}: its endpoint, path-style, its key pair
   * through the SDK's default chain (system properties, which rank above the environment).
   */
  private static StorageProperties storageProperties(LocalS3Server server) {
    if (server == null) {
      return StorageProperties.defaults();
    }
    System.setProperty("aws.accessKeyId", S3_KEY);
    System.setProperty("aws.secretAccessKey", S3_KEY);
    return StorageProperties.builder()
        .endpoint(server.endpoint())
        .pathStyle(true)
        .region("us-east-1")
        .allowPrivateNetwork(true)
        .build();
  }

  /** {@code localOut}: the folder behind {@code out}, or null when the output is on S3. */
  private boolean runOnce(int run, String source, Storage storage, Path localOut,
      OutputLocation out, ExpectedCounts expected) throws IOException {
    // A previous run's output is deleted before the clock starts: its unlink time (1 GB of
    // chunks) belongs to the benchmark's reuse of one folder, not to a run into a fresh folder.
    if (localOut != null) {
      deleteTree(localOut);
    }
    System.gc();
    String loadBefore = loadAverage();
    ThreadCpu threads = ThreadCpu.start();
    List<MemoryPoolMXBean> heapPools = heapPools();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();

    Manifest manifest = new Preprocessor(
        PreprocessConfig.builder(source, out)
            .input(storage.inputSource())
            .chunkBytes(chunkMb << 20)
            .chunkCodec(ChunkCodec.fromName(chunkCodec))
            .scanThreads(scanThreads)
            .build())
        .run();

    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    Map<String, Double> perThread = threads.stop();
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      peakHeap += pool.getPeakUsage().getUsed();
    }
    double jsonMb = manifest.source().jsonBytes() / MB;
    double storedMb = manifest.source().sizeBytes() / MB;
    boolean countsMatch = expected == null || countsMatch(manifest, expected);
    System.out.printf(Locale.ROOT,
        "run %d: %.2f s, %.0f MB/s JSON, %.0f MB/s stored (%s), cpu %.2f s = %.2f cpu-s/GB JSON,"
            + " peak heap <= %.0f MiB (sum of pool peaks), RSS peak %.0f MiB, %d chunks,"
            + " expected_rows %d%s%n",
        run, seconds, jsonMb / seconds, storedMb / seconds, manifest.source().compression(),
        cpuSeconds, cpuSeconds / (jsonMb / 1024), peakHeap / MB, rssPeakKb() / 1024.0,
        manifest.chunks().size(), manifest.expectedRows(),
        expected == null ? "" : countsMatch ? ", counts match the generator" : ", COUNTS DIFFER");
    StringBuilder split = new StringBuilder();
    perThread.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .filter(e -> e.getValue() >= 0.01)
        .forEach(e -> split.append(String.format(Locale.ROOT, " %s %.2f", e.getKey(),
            e.getValue() / (jsonMb / 1024))));
    System.out.printf(Locale.ROOT, "  cpu-s/GB by thread:%s; load average %s -> %s%n",
        split, loadBefore, loadAverage());
    return countsMatch;
  }

  private Path generated(String shape) throws IOException {
    Files.createDirectories(dataDir);
    boolean payerLike = shape.equals("payer-like");
    if (!payerLike && !shape.equals("default")) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--shape: expected default or payer-like but was '" + shape + "'");
    }
    String name = giant
        ? String.format("giant-%dmb.json", giantMb)
        : String.format(payerLike ? "payer-like-%dmb.json" : "bench-%dmb.json", sizeMb);
    Path file = dataDir.resolve(plain ? name : name + ".gz");
    if (Files.exists(file) && Files.exists(ExpectedCounts.sidecarOf(file))) {
      return file;
    }
    GeneratorSpec.Builder spec = GeneratorSpec.builder().gzip(!plain);
    if (giant) {
      spec.items(3).giantItems(1, giantMb << 20).giantScalarsAfterRates(true);
    } else if (payerLike) {
      spec.shape(GeneratorSpec.Shape.PAYER_LIKE)
          .targetBytes(sizeMb << 20)
          .references(GeneratorSpec.ReferencesPlacement.LAST)
          .giantItems(1, 40L << 20)
          .remoteReferenceFraction(0);
    } else {
      spec.targetBytes(sizeMb << 20);
    }
    System.out.printf("# generating %s ...%n", file);
    long start = System.nanoTime();
    Path temp = dataDir.resolve(file.getFileName() + ".tmp");
    ExpectedCounts counts = TicFileGenerator.write(spec.build(), temp);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(ExpectedCounts.sidecarOf(file), counts.toJson());
    System.out.printf(Locale.ROOT, "# generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return file;
  }

  private static ExpectedCounts expectedCounts(Path source) throws IOException {
    Path sidecar = ExpectedCounts.sidecarOf(source);
    return Files.exists(sidecar) ? ExpectedCounts.fromJson(Files.readString(sidecar)) : null;
  }

  private static boolean countsMatch(Manifest m, ExpectedCounts e) {
    return m.count(Manifest.IN_NETWORK_ITEMS) == e.inNetworkItems()
        && m.count(Manifest.NEGOTIATED_RATES) == e.negotiatedRates()
        && m.count(Manifest.NEGOTIATED_PRICES) == e.negotiatedPrices()
        && m.count(Manifest.PROVIDER_REFERENCES) == e.providerReferences()
        && m.count(Manifest.INLINE_PROVIDER_GROUPS) == e.inlineProviderGroups()
        && m.count(Manifest.REMOTE_PROVIDER_REFERENCES) == e.remoteProviderReferences()
        && m.count(Manifest.UNDEFINED_REFERENCE_IDS) == e.undefinedReferenceIds()
        && m.expectedRows() == e.expectedRows()
        && m.source().jsonBytes() == e.uncompressedBytes();
  }

  private static List<MemoryPoolMXBean> heapPools() {
    List<MemoryPoolMXBean> pools = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pools.add(pool);
      }
    }
    return pools;
  }

  /** The 1, 5 and 15 minute load averages, as uptime prints them; "?" where /proc is absent. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var tree = Files.walk(dir)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * CPU time per thread over a run, by thread name with digits dropped (so that the run's
   * reading thread, named after its file, and numbered pool threads add up under one name).
   * Threads end during the run, so their times are sampled every few milliseconds and the last
   * sample kept: a thread's final few milliseconds may be missed.
   */
  private static final class ThreadCpu implements Runnable {
    private static final long SAMPLE_MILLIS = 5;

    private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startNanos = new HashMap<>();
    private final Map<Long, Long> lastNanos = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Thread sampler = new Thread(this, "bench-cpu-sampler");
    private volatile boolean stopped;

    static ThreadCpu start() {
      ThreadCpu cpu = new ThreadCpu();
      cpu.sample(true);
      cpu.sampler.setDaemon(true);
      cpu.sampler.start();
      return cpu;
    }

    @Override
    public void run() {
      while (!stopped) {
        sample(false);
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private synchronized void sample(boolean atStart) {
      for (java.lang.management.ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        long id = info.getThreadId();
        long nanos = bean.getThreadCpuTime(id);
        if (nanos < 0) {
          continue;
        }
        if (atStart) {
          startNanos.put(id, nanos);
        }
        lastNanos.put(id, nanos);
        names.putIfAbsent(id, info.getThreadName());
      }
    }

    /** Seconds of CPU per thread name; JVM threads (GC, compiler) are not Java threads here. */
    Map<String, Double> stop() throws InterruptedIOException {
      stopped = true;
      try {
        sampler.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException();
      }
      sample(false);
      Map<String, Double> byName = new TreeMap<>();
      synchronized (this) {
        for (Map.Entry<Long, Long> e : lastNanos.entrySet()) {
          String name = names.get(e.getKey()).replaceAll(" .*", "").replaceAll("[0-9]+", "#");
          if (name.equals("bench-cpu-sampler")) {
            continue;
          }
          double seconds = (e.getValue() - startNanos.getOrDefault(e.getKey(), 0L)) / 1e9;
          byName.merge(name, seconds, Double::sum);
        }
      }
      return byName;
    }
  }

  /** VmHWM: the process's peak resident set, in kB; -1 where /proc is absent. */
  private static long rssPeakKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
