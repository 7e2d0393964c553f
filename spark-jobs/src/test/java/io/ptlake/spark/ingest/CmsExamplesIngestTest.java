package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ptlake.preprocess.PreprocessConfig;
import io.ptlake.preprocess.Preprocessor;
import io.ptlake.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official CMS in-network examples (../shared/cms/examples, 1.x and 2.x) preprocessed and
 * ingested, all in one run as a monthly load would take them, each source's rows in the table
 * exactly those {@link NaiveExplode} reads from the example itself. The remote provider file of
 * the 1.x fee-for-service example is not fetched here (no network): its entry counts as failed.
 */
class CmsExamplesIngestTest {
  private static final String DATABASE = "cms_examples";
  private static final String EXAMPLES_FOLDER = "/examples/";

  @TempDir static Path tmp;

  private static Path examples;
  private static IngestReport report;
  /** The table's rows per example (its path under examples/), as {@link NaiveExplode} cells. */
  private static final Map<String, List<String>> TABLE_ROWS = new TreeMap<>();

  @BeforeAll
  static void preprocessAndIngest() throws IOException {
    String shared = System.getProperty("ptlake.shared.dir");
    examples = shared == null ? null : Path.of(shared, "cms", "examples");
    assumeTrue(examples != null && Files.isDirectory(examples),
        "../shared/cms not found: the CMS examples are not ingested");
    List<String> dirs = new ArrayList<>();
    for (String example : examples().toList()) {
      Path out = tmp.resolve(example.replace('/', '_'));
      new Preprocessor(PreprocessConfig.builder(examples.resolve(example).toString(), out)
          .build()).run();
      dirs.add(out.toString());
    }
    report = RateExplodeJob.run(SharedSpark.session(), IngestConfig.of(dirs)
        .withTable(DATABASE, IngestConfig.DEFAULT_TABLE).withNormalized(false));
    for (Row row : SharedSpark.session().sql("SELECT " + NaiveExplode.COLUMNS + ", source_file"
        + " FROM " + DATABASE + "." + IngestConfig.DEFAULT_TABLE).collectAsList()) {
      String line = RowCells.line(row);
      TABLE_ROWS.computeIfAbsent(example(row.getString(row.length() - 1)), key -> new ArrayList<>())
          .add(line.substring(0, line.lastIndexOf('|')));
    }
    TABLE_ROWS.values().forEach(rows -> rows.sort(null));
  }

  /** The in-network examples, as paths under examples/. */
  static Stream<String> examples() throws IOException {
    try (Stream<Path> files = Files.walk(examples)) {
      List<String> list = files
          .filter(file -> file.getParent().getFileName().toString().equals("in-network-rates"))
          .map(file -> examples.relativize(file).toString())
          .filter(name -> name.endsWith(".json"))
          .sorted()
          .toList();
      assertThat(list).as("in-network examples of both versions").hasSizeGreaterThanOrEqualTo(11);
      return list.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void theTableHoldsExactlyTheRowsOfTheExample(String example) throws IOException {
    List<String> expected = NaiveExplode.rows(examples.resolve(example));

    assertThat(expected).as("the example has rows").isNotEmpty();
    assertThat(TABLE_ROWS.get(example)).as(example).containsExactlyElementsOf(expected);
    assertThat(report.sources()).filteredOn(source -> example(source.sourceFile()).equals(example))
        .singleElement().satisfies(source -> {
          assertThat(source.writtenRows()).isEqualTo(expected.size());
          assertThat(source.expectedRows()).isEqualTo(expected.size());
          assertThat(source.rejectedRecords()).isZero();
        });
  }

  /** The example a source_file names: its path under examples/. */
  private static String example(String sourceFile) {
    return sourceFile.substring(sourceFile.lastIndexOf(EXAMPLES_FOLDER) + EXAMPLES_FOLDER.length());
  }
}
