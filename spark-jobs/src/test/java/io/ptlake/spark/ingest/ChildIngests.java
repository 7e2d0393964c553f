package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.AllowedAmountsCounts;
import io.ptlake.generator.AllowedAmountsGenerator;
import io.ptlake.generator.AllowedAmountsSpec;
import io.ptlake.generator.ExpectedCounts;
import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.ChildJvm;
import io.ptlake.spark.cli.PtlakeCli;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingests in child JVMs for the crash tests: generated sources a and b (b reloaded as b2, the same
 * file and month with other rows), forked {@code ptlake} commands, kills, and the rows per source
 * and billing code that a new JVM reads through the catalog.
 */
final class ChildIngests {
  static final String TABLE = "ptlake.in_network_rates";
  private static final Pattern LAST_UPDATED_ON =
      Pattern.compile("\"last_updated_on\"\\s*:\\s*\"(\\d{4}-\\d{2})");

  private final Path dir;
  /** The snapshot months of a and b, as the last {@link #counts} saw them. */
  private final Map<String, Set<String>> months = new TreeMap<>();

  ChildIngests(Path dir) {
    this.dir = dir;
  }

  /** A forked JVM, its stdout and stderr files. */
  record Child(Process process, Path out, Path errFile) {
    String err() {
      try {
        return Files.readString(errFile);
      } catch (IOException e) {
        return e.toString();
      }
    }
  }

  interface Check {
    boolean holds() throws IOException;
  }

  /** Writes the generated file of a seed. */
  private interface SeedFile {
    void write(long seed, Path file) throws IOException;
  }

  /**
   * About ten thousand rows in one month; the seed varies the billing codes' rows (and the
   * month). The source file is {@code <file>.json}, preprocessed into {@code <name>}.
   */
  ExpectedCounts preprocess(String file, String name, long seed) throws IOException {
    Path source = dir.resolve(file + ".json");
    ExpectedCounts counts = TicFileGenerator.write(spec(seed), source);
    preprocess(source, name);
    return counts;
  }

  /** An allowed-amounts file of some thousand rows, as {@link #preprocess} for in-network ones. */
  AllowedAmountsCounts preprocessAllowed(String file, String name, long seed) throws IOException {
    Path source = dir.resolve(file + ".json");
    AllowedAmountsCounts counts = writeAllowed(seed, source);
    preprocess(source, name);
    return counts;
  }

  private void preprocess(Path source, String name) throws IOException {
    new Preprocessor(PreprocessConfig.builder(source.toString(), dir.resolve(name))
        .chunkBytes(256L << 10)
        .build()).run();
  }

  private static AllowedAmountsCounts writeAllowed(long seed, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      return AllowedAmountsGenerator.write(
          AllowedAmountsSpec.builder().seed(seed).items(40).build(), out);
    }
  }

  private static GeneratorSpec spec(long seed) {
    return GeneratorSpec.builder().seed(seed).items(10).remoteReferenceFraction(0).build();
  }

  /** A seed other than {@code seed} whose file has the same last_updated_on month. */
  long sameMonthSeed(long seed) throws IOException {
    return sameMonthSeed(seed, (other, file) -> TicFileGenerator.write(spec(other), file));
  }

  /** The same for the allowed-amounts files of {@link #preprocessAllowed}. */
  long sameMonthAllowedSeed(long seed) throws IOException {
    return sameMonthSeed(seed, ChildIngests::writeAllowed);
  }

  private long sameMonthSeed(long seed, SeedFile generator) throws IOException {
    String month = lastUpdatedOn(seed, generator);
    for (long other = seed + 1; ; other++) {
      if (lastUpdatedOn(other, generator).equals(month)) {
        return other;
      }
    }
  }

  private String lastUpdatedOn(long seed, SeedFile generator) throws IOException {
    Path file = dir.resolve("seed-" + seed + ".json");
    generator.write(seed, file);
    Matcher matcher = LAST_UPDATED_ON.matcher(Files.readString(file));
    Files.delete(file);
    assertThat(matcher.find()).as("last_updated_on in a generated file").isTrue();
    return matcher.group(1);
  }

  /** {@code ptlake ingest SOURCE} into {@code warehouse} with {@code options}, in a new JVM. */
  Child ingest(String name, String source, Path warehouse, String... options)
      throws IOException {
    return ingest(name, PtlakeCli.class.getName(), List.of(), source, warehouse, options);
  }

  /** The same with another main class and more JVM options. */
  Child ingest(String name, String mainClass, List<String> jvmOptions, String source,
      Path warehouse, String... options) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("ingest",
        dir.resolve(source).toString(), "--warehouse", warehouse.toString(), "--master",
        "local[1]", "--no-normalized"));
    args.addAll(List.of(options));
    return fork(name, mainClass, jvmOptions, args.toArray(String[]::new));
  }

  /** An ingest that must succeed. */
  void rerun(String name, String source, Path warehouse, String... options) throws Exception {
    Child rerun = ingest(name, source, warehouse, options);
    assertThat(rerun.process.waitFor()).as(rerun.err()).isZero();
  }

  /** Polls every 2 ms until {@code condition} holds, then kills; true if the child ended first. */
  static boolean killWhen(Child child, Check condition) throws Exception {
    boolean exited = false;
    while (!exited && !condition.holds()) {
      exited = child.process.waitFor(2, TimeUnit.MILLISECONDS);
    }
    child.process.destroyForcibly();
    child.process.waitFor();
    return exited;
  }

  /** Snapshot months per source (a, b) as the last {@link #counts} read them. */
  Map<String, Set<String>> months() {
    return months;
  }

  /** Rows per {@code source|billing_code}: a or b, as the catalog shows them to a new JVM. */
  Map<String, Long> counts(Path warehouse) throws Exception {
    return counts(warehouse, TABLE);
  }

  /** The same of {@code table} (ptlake.allowed_amounts). */
  Map<String, Long> counts(Path warehouse, String table) throws Exception {
    Child sql = fork("sql", PtlakeCli.class.getName(), List.of(), "sql", "--warehouse",
        warehouse.toString(), "--master", "local[1]", "--format", "csv", "-e",
        "SELECT source_file, billing_code, count(*), snapshot_month FROM " + table
            + " GROUP BY 1, 2, 4");
    assertThat(sql.process.waitFor()).as(sql.err()).isZero();
    Map<String, Long> counts = new TreeMap<>();
    months.clear();
    List<String> lines = Files.readAllLines(sql.out);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      String source = cells[0].endsWith("/a.json") ? "a" : cells[0].endsWith("/b.json") ? "b"
          : cells[0];
      counts.merge(source + "|" + cells[1], Long.parseLong(cells[2]), Long::sum);
      months.computeIfAbsent(source, key -> new TreeSet<>()).add(cells[3]);
    }
    return counts;
  }

  /** Rows per {@code a|code} and {@code b|code} (b.json: B or B2), as {@link #counts} names them. */
  static Map<String, Long> expected(ExpectedCounts a, ExpectedCounts b) {
    return expected(a.expectedRowsByBillingCode(), b == null ? Map.of()
        : b.expectedRowsByBillingCode());
  }

  /** The same from the rows per billing code of a and of b (none: an empty map). */
  static Map<String, Long> expected(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> counts = new TreeMap<>();
    for (Map.Entry<String, Map<String, Long>> source : Map.of("a", a, "b", b).entrySet()) {
      source.getValue().forEach((code, n) -> {
        if (n > 0) {
          counts.put(source.getKey() + "|" + code, n);
        }
      });
    }
    return counts;
  }

  /** The {@code .spark-staging-*} folder of a dynamic overwrite into {@code table}, or null. */
  static Path staging(Path table) throws IOException {
    try (var files = Files.list(table)) {
      return files.filter(file -> file.getFileName().toString().startsWith(".spark-staging"))
          .findFirst().orElse(null);
    }
  }

  private Child fork(String name, String mainClass, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> options = new java.util.ArrayList<>(
        List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dptlake.log.level=info"));
    options.addAll(jvmOptions);
    List<String> command = ChildJvm.java(options, mainClass, args);
    Path out = Files.createTempFile(dir, name, ".out");
    Path err = Files.createTempFile(dir, name, ".err");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    return new Child(process, out, err);
  }
}
