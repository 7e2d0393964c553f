package io.ptlake.spark.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptlake.spark.cli.PtlakeCli;
import io.ptlake.spark.ingest.TableLayout;
import io.ptlake.spark.preprocess.RunFolders;
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
  private static final Map<String, String> PLACEHOLDERS = Map.ofEntries(
      Map.entry("__ARTIFACTS__", "s3://artifacts/ptlake"),
      Map.entry("__WAREHOUSE__", "s3://lake/warehouse"), Map.entry("__SOURCE_BUCKET__", "sources"),
      Map.entry("__ROLE_ARN__", "arn:aws:iam::123456789012:role/ptlake"),
      Map.entry("__DATABASE__", "ptlake"), Map.entry("__BUCKETS__", "4"),
      Map.entry("__SSE__", "none"), Map.entry("__SSE_KMS_KEY_ARGS__", ""),
      Map.entry("__SPARK_SSE_CONF__", ""), Map.entry("__TABLE_FORMAT__", "hive"),
      Map.entry("__ICEBERG_CONF__", ""), Map.entry("__DATALAKE_FORMATS__", "iceberg"));
  private static final Path STATE_MACHINE = SCRIPTS.resolve("stepfunctions/ptlake-pipeline.asl.json");
  private static final String KEY_ARN =
      "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

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
    // Safe to rerun: a failed or repeated run replaces its sources' rows, never duplicates them.
    assertThat(words(arguments, "--ptlake_command")).containsSequence("--mode", "merge");
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
    // --ptlake_dirs_of_run
    assertThat(Files.readString(ENTRY_SCRIPT))
        .contains("import io.ptlake.spark.preprocess.RunFolders", "RunFolders.ingestDirs(");
    assertThatCode(() -> RunFolders.class.getMethod("ingestDirs", String.class))
        .doesNotThrowAnyException();
  }

  /**
   * Two attempts of one preprocess-many task at once would write the same folder: the job turns
   * speculation off and names the attempts its report counts on.
   */
  @Test
  void thePreprocessManyJobRunsWithoutSpeculation() throws IOException {
    JsonNode arguments = MAPPER.readTree(substituted(Files.readString(
        SCRIPTS.resolve("jobs/ptlake-preprocess-many.json")))).get("DefaultArguments");

    assertThat(sparkConf(arguments))
        .containsExactly("spark.task.maxFailures=4", "spark.speculation=false");
    assertThat(words(arguments, "--ptlake_command")).startsWith("preprocess-many");
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

  /** deploy.sh --render fills the jobs as they would be created: SSE for preprocess and Spark. */
  @Test
  void deployRendersServerSideEncryptionIntoEveryWritingJob() throws Exception {
    JsonNode kms = rendered("--sse", "kms", "--sse-kms-key-id", KEY_ARN);
    List<String> preprocess = new ArrayList<>(words(kms.get("ptlake-preprocess"), "--ptlake_command"));
    assertThat(preprocess).containsSequence("--sse", "kms", "--sse-kms-key-id", KEY_ARN);
    preprocess.addAll(words(kms.get("ptlake-preprocess"), "--ptlake_args"));
    assertParses(preprocess);
    assertThat(words(kms.get("ptlake-preprocess-many"), "--ptlake_command"))
        .containsSequence("--sse", "kms", "--sse-kms-key-id", KEY_ARN);
    assertThat(sparkConf(kms.get("ptlake-ingest"))).contains(
        "spark.hadoop.fs.s3a.encryption.algorithm=SSE-KMS",
        "spark.hadoop.fs.s3a.encryption.key=" + KEY_ARN,
        "spark.sql.warehouse.dir=s3://lake/warehouse");

    JsonNode s3 = rendered("--sse", "s3");
    assertThat(words(s3.get("ptlake-preprocess"), "--ptlake_command"))
        .containsSequence("--sse", "s3").doesNotContain("--sse-kms-key-id");
    // S3A's name of SSE-S3 is AES256 ("SSE-S3" is no S3A algorithm and would fail the job).
    assertThat(sparkConf(s3.get("ptlake-ingest")))
        .contains("spark.hadoop.fs.s3a.encryption.algorithm=AES256")
        .noneMatch(setting -> setting.startsWith("spark.hadoop.fs.s3a.encryption.key"));

    JsonNode none = rendered();
    assertThat(words(none.get("ptlake-preprocess"), "--ptlake_command"))
        .containsSequence("--sse", "none");
    assertThat(sparkConf(none.get("ptlake-ingest")))
        .noneMatch(setting -> setting.contains("encryption"));

    assertThat(deploy(Files.createTempDirectory("render"), "--sse", "s3", "--sse-kms-key-id",
        KEY_ARN)).as("a key without kms").isEqualTo(2);
    assertThat(deploy(Files.createTempDirectory("render"), "--sse", "aes")).isEqualTo(2);
  }

  /**
   * deploy.sh --table-format iceberg: the ingest gets Glue's Iceberg jars and the Glue-backed
   * catalog "iceberg", and nothing registers the table afterwards (the Glue catalog holds it from
   * its first commit); the default leaves Glue without a --datalake-formats argument.
   */
  @Test
  void deployRendersTheIcebergOptionIntoTheIngestJobAndEndsThePipelineThere() throws Exception {
    Path dir = Files.createTempDirectory("render");
    assertThat(deploy(dir, "--table-format", "iceberg")).isZero();
    JsonNode ingest = MAPPER.readTree(dir.resolve("ptlake-ingest.json").toFile())
        .get("DefaultArguments");
    List<String> command = new ArrayList<>(words(ingest, "--ptlake_command"));
    assertThat(command).containsSequence("--table-format", "iceberg");
    command.addAll(words(ingest, "--ptlake_args"));
    assertParses(command);
    assertThat(ingest.get("--datalake-formats").asText()).isEqualTo("iceberg");
    assertThat(words(ingest, "--ptlake_then")).isEmpty();
    assertThat(sparkConf(ingest)).contains(
        "spark.sql.catalog.iceberg=org.apache.iceberg.spark.SparkCatalog",
        "spark.sql.catalog.iceberg.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog",
        "spark.sql.catalog.iceberg.io-impl=org.apache.iceberg.aws.s3.S3FileIO",
        "spark.sql.catalog.iceberg.warehouse=s3://lake/warehouse/iceberg");
    JsonNode machine = MAPPER.readTree(dir.resolve("ptlake-pipeline.asl.json").toFile());
    assertThat(machine.at("/States/Ingest/End").asBoolean()).isTrue();
    assertThat(machine.at("/States").has("Register")).isFalse();

    JsonNode hive = rendered().get("ptlake-ingest");
    assertThat(hive.has("--datalake-formats")).isFalse();
    assertThat(words(hive, "--ptlake_command")).containsSequence("--table-format", "hive");
    assertThat(deploy(Files.createTempDirectory("render"), "--table-format", "delta"))
        .isEqualTo(2);
  }

  /** The KMS statement covers what S3 asks of the writer under SSE-KMS (multipart included). */
  @Test
  void theKmsPolicyAllowsSseKmsWrites() throws IOException {
    JsonNode statement = MAPPER.readTree(SCRIPTS.resolve("iam/kms-policy-optional.json").toFile())
        .get("Statement").get(0);
    List<String> actions = new ArrayList<>();
    statement.get("Action").forEach(action -> actions.add(action.asText()));
    assertThat(actions).contains("kms:GenerateDataKey", "kms:Decrypt");
    assertThat(statement.get("Condition").toString()).contains("s3.__REGION__.amazonaws.com");
  }

  /** The state machine runs the three jobs in order, and only jobs deploy.sh creates. */
  @Test
  void theStateMachineChainsPreprocessIngestAndRegister() throws IOException {
    JsonNode machine = MAPPER.readTree(STATE_MACHINE.toFile());
    List<String> jobs = jobFiles().stream().map(GlueScriptsTest::baseName).toList();
    List<JsonNode> tasks = new ArrayList<>();
    collectTasks(machine, tasks);

    assertThat(tasks).isNotEmpty().allSatisfy(task -> {
      assertThat(task.get("Resource").asText()).isEqualTo("arn:aws:states:::glue:startJobRun.sync");
      assertThat(jobs).contains(task.get("Parameters").get("JobName").asText());
    });
    // Along StartAt/Next, stepping into the Map's processor: preprocess, then ingest, then register.
    List<String> order = new ArrayList<>();
    walk(machine, machine.get("StartAt").asText(), order);
    assertThat(order)
        .containsExactly("ptlake-preprocess-many", "ptlake-ingest", "ptlake-register");

    JsonNode ingest = machine.get("States").get("Ingest").get("Parameters");
    assertThat(ingest.get("Arguments").get("--ptlake_then").asText())
        .as("the ingest's own register step is replaced by the Register state").isEqualTo("[]");
    assertThat(MAPPER.readValue(ingest.get("Arguments").get("--ptlake_then").asText(),
        String[].class)).isEmpty();
    // preprocess-many's output prefix is where the entry script finds the folders to ingest
    assertThat(machine.get("States").get("PreprocessMany").get("Parameters").get("Arguments")
        .get("--ptlake_args.$").asText())
        .isEqualTo("States.JsonToString(States.Array($.source, '--out', $.out))");
    assertThat(ingest.get("Arguments").get("--ptlake_dirs_of_run.$").asText()).isEqualTo("$.out");
    assertThat(ingest.get("Arguments").get("--ptlake_args").asText()).isEqualTo("[]");

    // The state machine's role may run exactly these jobs.
    String policy = Files.readString(SCRIPTS.resolve("iam/states-role-policy.json"));
    for (String job : jobs) {
      assertThat(policy).contains(":job/" + job + "\"");
    }
    assertThat(Files.readString(SCRIPTS.resolve("deploy.sh")))
        .contains("stepfunctions/$STATE_MACHINE_NAME.asl.json")
        .contains("STATE_MACHINE_NAME=\"" + baseName(STATE_MACHINE).replace(".asl", "") + "\"");
  }

  private static void collectTasks(JsonNode node, List<JsonNode> tasks) {
    if (node.isObject() && "Task".equals(node.path("Type").asText())) {
      tasks.add(node);
    }
    node.forEach(child -> collectTasks(child, tasks));
  }

  private static void walk(JsonNode machine, String state, List<String> jobs) {
    while (state != null) {
      JsonNode node = machine.get("States").get(state);
      assertThat(node).as("state %s", state).isNotNull();
      if (node.has("ItemProcessor")) {
        JsonNode processor = node.get("ItemProcessor");
        walk(processor, processor.get("StartAt").asText(), jobs);
      }
      if ("Task".equals(node.get("Type").asText())) {
        jobs.add(node.get("Parameters").get("JobName").asText());
      }
      if ("Choice".equals(node.get("Type").asText())) {
        state = node.get("Default").asText();
      } else {
        state = node.has("Next") ? node.get("Next").asText() : null;
      }
    }
  }

  /** The jobs deploy.sh --render writes, by name, with {@code sse} options. */
  private static JsonNode rendered(String... sse) throws Exception {
    Path dir = Files.createTempDirectory("render");
    assertThat(deploy(dir, sse)).isZero();
    ObjectNode jobs = MAPPER.createObjectNode();
    for (Path file : files(dir, ".json")) {
      String text = Files.readString(file);
      assertThat(text).doesNotContainPattern("__[A-Z_]+__");
      jobs.set(baseName(file), MAPPER.readTree(text).path("DefaultArguments"));
    }
    assertThat(jobs.has("ptlake-pipeline.asl")).isTrue();
    return jobs;
  }

  private static int deploy(Path dir, String... sse) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve("deploy.sh").toString(),
        "--artifacts", "s3://artifacts/ptlake", "--warehouse", "s3://lake/warehouse",
        "--source-bucket", "sources", "--role-arn", "arn:aws:iam::123456789012:role/ptlake",
        "--buckets", "4", "--render", dir.toString()));
    command.addAll(Arrays.asList(sse));
    return run(command.toArray(String[]::new));
  }

  /** The settings of Glue's chained --conf value ("a=b --conf c=d"). */
  private static List<String> sparkConf(JsonNode arguments) {
    return Arrays.asList(arguments.get("--conf").asText().split(" --conf "));
  }

  @Test
  void theDdlDeclaresTheCatalogColumnsInOrder() throws IOException {
    // Also the comments, and the projection parameters: the DDL is the same table by hand.
    TableDefinition table = RatesTable.definition("ptlake", "s3://LAKE/warehouse/ptlake.db",
        "in_network_rates", "s3://LAKE/warehouse/ptlake.db/in_network_rates", 1);
    List<Path> ddls = files(ROOT.resolve("athena-queries/ddl"), ".sql").stream()
        .filter(file -> file.getFileName().toString().contains("in_network_rates")).toList();
    assertThat(ddls).hasSize(3);
    for (Path ddl : ddls) {
      TableLayout layout = ddl.getFileName().toString().contains("by_source")
          ? TableLayout.SOURCE : TableLayout.BILLING_CODE;
      String text = Files.readString(ddl);
      assertThat(declared(before(text, "PARTITIONED BY"))).as("%s", ddl).containsExactlyElementsOf(
          RatesTable.columns(layout).stream().map(GlueScriptsTest::declaration).toList());
      assertThat(declared(after(text, "PARTITIONED BY"))).as("%s", ddl).containsExactlyElementsOf(
          RatesTable.partitionKeys(layout).stream().map(GlueScriptsTest::declaration).toList());
      assertThat(text).contains(layout == TableLayout.SOURCE
              ? "CLUSTERED BY (`billing_code`) SORTED BY (`billing_code` ASC)"
              : "CLUSTERED BY (`npi`) SORTED BY (`npi` ASC)")
          .contains("'bucketing_format' = 'spark'");
      // The projection form carries exactly the parameters catalog register writes.
      Map<String, String> projection = properties(text, "'projection\\.[^']*'|'storage[^']*'");
      if (ddl.getFileName().toString().contains("projection")) {
        Map<String, String> expected = new java.util.TreeMap<>(
            GlueRequests.tableParameters(table, PartitionMode.PROJECTION));
        expected.keySet()
            .removeIf(key -> !key.startsWith("projection.") && !key.startsWith("storage."));
        assertThat(projection).as("%s", ddl).isEqualTo(expected);
      } else {
        assertThat(projection).as("%s", ddl).isEmpty();
      }
    }
    assertThat(files(ROOT.resolve("athena-queries/ddl"), ".sql")).hasSize(14);
    assertThat(RatesTable.PARTITION_KEYS).extracting(Column::name)
        .containsExactly("snapshot_month", "billing_code");
  }

  /**
   * One DDL file per table beside the rates table, declaring what catalog register writes for it:
   * columns and partition keys (names, types, comments) in order, the table comment, the location,
   * the buckets (rates only: Spark's, by billing_code) or none, and only classification=parquet
   * (and bucketing_format=spark for rates) in the catalog form.
   */
  @Test
  void theDdlOfEveryTableBesideTheRatesTableDeclaresItsCatalogDescription() throws IOException {
    Map<String, LakeTables.LakeTable> ddls = new java.util.LinkedHashMap<>();
    ddls.put("04_rejects.sql", LakeTables.REJECTS);
    ddls.put("06_rates.sql", LakeTables.RATES);
    ddls.put("07_provider_groups.sql", LakeTables.PROVIDER_GROUPS);
    ddls.put("08_in_network_items.sql", LakeTables.IN_NETWORK_ITEMS);
    ddls.put("09_files.sql", LakeTables.FILES);
    ddls.put("10_allowed_amounts.sql", LakeTables.ALLOWED_AMOUNTS);
    ddls.put("11_plans.sql", LakeTables.PLANS);
    ddls.put("12_plan_files.sql", LakeTables.PLAN_FILES);
    assertThat(List.copyOf(ddls.values())).containsExactlyElementsOf(LakeTables.BESIDE_RATES);
    ddls.put("13_providers.sql", LakeTables.PROVIDERS);
    ddls.put("14_taxonomies.sql", LakeTables.TAXONOMIES);
    for (Map.Entry<String, LakeTables.LakeTable> entry : ddls.entrySet()) {
      LakeTables.LakeTable table = entry.getValue();
      String name = table.tableName("in_network_rates");
      // A replaced table is at the version folder its last load switched to.
      String version = LakeTables.REPLACED.contains(table) ? "/v=VERSION" : "";
      TableDefinition definition = table.definition("ptlake", "s3://LAKE/warehouse/ptlake.db",
          name, "s3://LAKE/warehouse/ptlake.db/" + name + version);
      String text = Files.readString(ROOT.resolve("athena-queries/ddl").resolve(entry.getKey()));
      boolean partitioned = !definition.partitionKeys().isEmpty();
      String data = partitioned ? before(text, "PARTITIONED BY") : text;

      assertThat(declared(data)).as(entry.getKey()).containsExactlyElementsOf(
          definition.columns().stream().map(GlueScriptsTest::declaration).toList());
      assertThat(declared(partitioned ? after(text, "PARTITIONED BY") : "")).as(entry.getKey())
          .containsExactlyElementsOf(
              definition.partitionKeys().stream().map(GlueScriptsTest::declaration).toList());
      assertThat(text).as(entry.getKey())
          .contains("CREATE EXTERNAL TABLE IF NOT EXISTS ptlake." + name + " (")
          .contains("COMMENT '" + definition.description() + "'")
          .contains("LOCATION '" + definition.location() + "'");
      if (definition.bucketed()) {
        assertThat(text).as(entry.getKey()).contains("CLUSTERED BY (`"
            + String.join("`, `", definition.bucketColumns()) + "`) SORTED BY (`"
            + String.join("` ASC, `", definition.sortColumns()) + "` ASC) INTO "
            + definition.numberOfBuckets() + " BUCKETS");
        assertThat(properties(text, "'[a-z_.]+'")).as(entry.getKey())
            .isEqualTo(Map.of("bucketing_format", "spark", "classification", "parquet"));
      } else {
        assertThat(text).as(entry.getKey()).doesNotContain("CLUSTERED BY");
        assertThat(properties(text, "'[a-z_.]+'")).as(entry.getKey())
            .isEqualTo(Map.of("classification", "parquet"));
      }
      if (partitioned) {
        assertThat(text).as(entry.getKey()).contains("MSCK REPAIR TABLE ptlake." + name);
      }
    }
  }

  /** The rejects DDL has the ingest's rejects columns, in order, partition columns last. */
  @Test
  void theRejectsDdlDeclaresTheIngestsRejectsColumns() throws Exception {
    java.lang.reflect.Field field = Class.forName("io.ptlake.spark.ingest.RejectsTable")
        .getDeclaredField("COLUMNS");
    field.setAccessible(true);
    List<?> ingest = (List<?>) field.get(null);
    String text = Files.readString(ROOT.resolve("athena-queries/ddl/04_rejects.sql"));

    List<String> names = new ArrayList<>();
    for (String declaration : declared(text)) {
      names.add(declaration.substring(0, declaration.indexOf(' ')));
    }
    assertThat(names).containsExactlyElementsOf(ingest.stream().map(String::valueOf).toList());
    assertThat(declared(after(text, "PARTITIONED BY")))
        .extracting(declaration -> declaration.substring(0, declaration.indexOf(' ')))
        .containsExactly("snapshot_month", "source_id");
    assertThat(text).contains("CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.rejects")
        .contains("LOCATION 's3://LAKE/warehouse/ptlake.db/rejects'");
  }

  private static String declaration(Column column) {
    return column.name() + " " + column.type() + " '" + column.comment() + "'";
  }

  /** {@code name type 'comment'} of every column line of {@code ddl}. */
  private static List<String> declared(String ddl) {
    Matcher matcher = Pattern.compile(
        "^\\s+`(\\w+)` (\\S+) COMMENT '([^']*)'", Pattern.MULTILINE).matcher(ddl);
    List<String> declared = new ArrayList<>();
    while (matcher.find()) {
      declared.add(matcher.group(1) + " " + matcher.group(2) + " '" + matcher.group(3) + "'");
    }
    return declared;
  }

  private static Map<String, String> properties(String ddl, String keyPattern) {
    Matcher matcher = Pattern.compile("(" + keyPattern + ") = '([^']*)'").matcher(ddl);
    Map<String, String> properties = new java.util.TreeMap<>();
    while (matcher.find()) {
      properties.put(matcher.group(1).replace("'", ""), matcher.group(2));
    }
    return properties;
  }

  private static String before(String text, String marker) {
    assertThat(text).contains(marker);
    return text.substring(0, text.indexOf(marker));
  }

  private static String after(String text, String marker) {
    assertThat(text).contains(marker);
    return text.substring(text.indexOf(marker));
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
