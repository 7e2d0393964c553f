package io.ptlake.spark.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptlake.spark.cli.PtlakeCli;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * glue-scripts/ and athena-queries/ddl/ stay true to the code: every JSON parses, the Glue job
 * definitions have the settings ptlake relies on and their ptlake arguments parse with the real
 * command line, every --class exists, every shell script passes bash -n (and shellcheck when
 * installed) and names only options the Java commands have, and the DDL has the catalog columns.
 */
class GlueScriptsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path SCRIPTS = ROOT.resolve("glue-scripts");
  private static final Path ENTRY_SCRIPT = SCRIPTS.resolve("scala/PtlakeGlueEntry.scala");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** What deploy.sh puts in for the placeholders, as a user would. */
  private static final Map<String, String> PLACEHOLDERS = Map.of(
      "__ARTIFACTS__", "s3://artifacts/ptlake", "__WAREHOUSE__", "s3://lake/warehouse",
      "__SOURCE_BUCKET__", "sources", "__ROLE_ARN__", "arn:aws:iam::123456789012:role/ptlake",
      "__DATABASE__", "ptlake", "__BUCKETS__", "4");

  static List<Path> jsonFiles() throws IOException {
    return files(SCRIPTS, ".json");
  }

  static List<Path> jobFiles() throws IOException {
    return files(SCRIPTS.resolve("jobs"), ".json");
  }

  static List<Path> shellScripts() throws IOException {
    return files(SCRIPTS, ".sh");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonFiles")
  void everyJsonFileParses(Path file) {
    assertThatCode(() -> MAPPER.readTree(file.toFile())).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobFiles")
  void jobDefinitionsRunTheEntryScriptOnGlue51WithoutBookmarks(Path file) throws IOException {
    JsonNode job = MAPPER.readTree(file.toFile());
    JsonNode arguments = job.get("DefaultArguments");

    assertThat(job.get("Name").asText()).isEqualTo(baseName(file));
    assertThat(job.get("GlueVersion").asText()).isEqualTo("5.1");
    assertThat(job.get("WorkerType").asText()).isEqualTo("G.2X");
    assertThat(job.get("NumberOfWorkers").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(job.get("Timeout").asInt()).isBetween(1, 2880);
    assertThat(job.get("MaxRetries").asInt()).isZero();
    assertThat(job.get("Command").get("Name").asText()).isEqualTo("glueetl");
    assertThat(job.get("Command").get("ScriptLocation").asText())
        .isEqualTo("__ARTIFACTS__/scripts/" + ENTRY_SCRIPT.getFileName());
    assertThat(arguments.get("--job-language").asText()).isEqualTo("scala");
    assertThat(arguments.get("--class").asText()).isEqualTo(entryObject());
    assertThat(arguments.get("--extra-jars").asText())
        .isEqualTo("__ARTIFACTS__/jars/ptlake-spark-jobs.jar");
    assertThat(arguments.get("--user-jars-first").asText()).isEqualTo("true");
    assertThat(arguments.get("--job-bookmark-option").asText()).isEqualTo("job-bookmark-disable");
    assertThat(arguments.has("--ptlake_command")).isTrue();
  }

  @Test
  void theIngestJobUsesTheGlueCatalogAndRegistersAfterwards() throws IOException {
    JsonNode arguments = MAPPER.readTree(SCRIPTS.resolve("jobs/ptlake-ingest.json").toFile())
        .get("DefaultArguments");

    assertThat(arguments.get("--enable-glue-datacatalog").asText()).isEqualTo("true");
    assertThat(arguments.get("--write-shuffle-files-to-s3").asText()).isEqualTo("true");
    assertThat(words(arguments, "--ptlake_then")).startsWith("catalog", "register");
  }

  /** deploy.sh turns a CreateJob file into UpdateJob's JobUpdate by dropping one line. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jobFiles")
  void droppingTheNameLineGivesTheJobUpdate(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String> update = lines.stream().filter(line -> !line.startsWith("  \"Name\": ")).toList();
    ObjectNode expected = (ObjectNode) MAPPER.readTree(file.toFile());
    expected.remove("Name");

    assertThat(lines.size() - update.size()).isEqualTo(1);
    assertThat(MAPPER.readTree(String.join("\n", update))).isEqualTo(expected);
  }

  /** What the entry script runs: --ptlake_command + --ptlake_args, then --ptlake_then. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jobFiles")
  void theJobsPtlakeArgumentsParseWithTheRealCommandLine(Path file) throws IOException {
    JsonNode arguments = MAPPER.readTree(substituted(Files.readString(file)))
        .get("DefaultArguments");
    List<String> command = new ArrayList<>(words(arguments, "--ptlake_command"));
    command.addAll(words(arguments, "--ptlake_args"));

    assertParses(command);
    List<String> then = words(arguments, "--ptlake_then");
    if (!then.isEmpty()) {
      assertParses(then);
    }
  }

  @Test
  void everyClassNamedInTheScriptsExists() throws IOException {
    Pattern classOption = Pattern.compile("--class\"?[\\s:,]+\"?([A-Za-z_][\\w.$]*)");
    List<String> named = new ArrayList<>();
    for (Path file : files(SCRIPTS, "")) {
      Matcher matcher = classOption.matcher(Files.readString(file));
      while (matcher.find()) {
        named.add(matcher.group(1));
      }
    }

    assertThat(named).contains("io.ptlake.spark.cli.PtlakeCli", entryObject());
    for (String name : named) {
      if (name.equals(entryObject())) {
        // Compiled by Glue from the script; it calls into the jar.
        assertThat(Files.readString(ENTRY_SCRIPT)).contains("import io.ptlake.spark.cli.PtlakeCli");
        continue;
      }
      assertThatCode(() -> Class.forName(name, false, getClass().getClassLoader()))
          .as("--class %s", name).doesNotThrowAnyException();
    }
    assertThatCode(() -> PtlakeCli.class.getMethod("commandLine")).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shellScripts")
  void shellScriptsPassBashNAndShellcheck(Path script) throws Exception {
    assertThat(run("bash", "-n", script.toString())).as("bash -n %s", script).isZero();
    if (onPath("shellcheck")) {
      assertThat(run("shellcheck", script.toString())).as("shellcheck %s", script).isZero();
    }
  }

  /** Every {@code X_ARGS=(subcommand... --option ...)} array names options the command has. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("shellScripts")
  void ptlakeArgumentArraysInScriptsNameRealOptions(Path script) throws IOException {
    Matcher arrays = Pattern.compile("[A-Z_]+_ARGS=\\(([^)]*)\\)").matcher(Files.readString(script));
    while (arrays.find()) {
      List<String> words = Arrays.asList(arrays.group(1).trim().split("\\s+"));
      CommandLine command = PtlakeCli.commandLine();
      int i = 0;
      while (i < words.size() && command.getSubcommands().containsKey(words.get(i))) {
        command = command.getSubcommands().get(words.get(i++));
      }
      CommandSpec spec = command.getCommandSpec();
      assertThat(spec.name()).as("subcommand of %s", arrays.group()).isNotEqualTo("ptlake");
      for (String word : words.subList(i, words.size())) {
        if (word.startsWith("--")) {
          assertThat(spec.findOption(word)).as("%s in %s of %s", word, spec.qualifiedName(), script)
              .isNotNull();
        }
      }
    }
  }

  @Test
  void theDdlDeclaresTheCatalogColumnsInOrder() throws IOException {
    Pattern columnLine = Pattern.compile("^\\s+`(\\w+)` (\\S+) COMMENT", Pattern.MULTILINE);
    List<String> expected =
        RatesTable.COLUMNS.stream().map(c -> c.name() + " " + c.type()).toList();
    for (Path ddl : files(ROOT.resolve("athena-queries/ddl"), "in_network_rates.sql")) {
      Matcher matcher = columnLine.matcher(Files.readString(ddl));
      List<String> declared = new ArrayList<>();
      while (matcher.find()) {
        declared.add(matcher.group(1) + " " + matcher.group(2));
      }
      assertThat(declared).as("%s", ddl).containsExactlyElementsOf(expected);
      assertThat(Files.readString(ddl)).contains("PARTITIONED BY (`billing_code` string)")
          .contains("CLUSTERED BY (`npi`) SORTED BY (`npi` ASC)")
          .contains("'bucketing_format' = 'spark'");
    }
    assertThat(files(ROOT.resolve("athena-queries/ddl"), ".sql")).hasSize(3);
    assertThat(RatesTable.PARTITION_KEYS).extracting(Column::name).containsExactly("billing_code");
  }

  private static void assertParses(List<String> args) {
    assertThatCode(() -> PtlakeCli.commandLine().parseArgs(args.toArray(String[]::new)))
        .as("ptlake %s", String.join(" ", args)).doesNotThrowAnyException();
  }

  private static List<String> words(JsonNode arguments, String key) throws IOException {
    JsonNode value = arguments.get(key);
    return value == null ? List.of() : Arrays.asList(MAPPER.readValue(value.asText(), String[].class));
  }

  private static String substituted(String text) {
    for (Map.Entry<String, String> entry : PLACEHOLDERS.entrySet()) {
      text = text.replace(entry.getKey(), entry.getValue());
    }
    assertThat(text).doesNotContainPattern("__[A-Z_]+__");
    return text;
  }

  private static String entryObject() throws IOException {
    Matcher matcher = Pattern.compile("(?m)^object (\\w+)").matcher(Files.readString(ENTRY_SCRIPT));
    assertThat(matcher.find()).as("an object in %s", ENTRY_SCRIPT).isTrue();
    return matcher.group(1);
  }

  private static String baseName(Path file) {
    return file.getFileName().toString().replaceFirst("\\.json$", "");
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(file -> file.getFileName().toString().endsWith(suffix))
          .sorted().toList();
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
