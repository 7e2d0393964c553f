package io.ptlake.preprocess.toc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.generator.GeneratorSpec;
import io.ptlake.generator.TicFileGenerator;
import io.ptlake.preprocess.PreprocessCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A table of contents preprocessed through the command line, files on local disk. */
class TocPreprocessTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void listsDistinctFilesAndPreprocessesEachIntoAStableFolder() throws IOException {
    Path a = dir.resolve("a_in-network.json");
    Path b = dir.resolve("b_in-network.json.gz");
    TicFileGenerator.write(GeneratorSpec.builder().seed(1).items(3).build(), a);
    TicFileGenerator.write(GeneratorSpec.builder().seed(2).items(2).gzip(true).build(), b);
    Path aa = Files.writeString(dir.resolve("aa.json"), """
        {"reporting_entity_name":"Acme","reporting_entity_type":"health insurance issuer",
         "last_updated_on":"2024-05-01","version":"1.0.0","out_of_network":[
          {"name":"visit","billing_code_type":"CPT","billing_code_type_version":"2024",
           "billing_code":"99214","description":"office visit","allowed_amounts":[
            {"tin":{"type":"ein","value":"11-1111111"},"service_code":["11"],
             "billing_class":"professional","payments":[{"allowed_amount":80.00,
              "providers":[{"billed_charge":120.00,"npi":[1111111111,2222222222]}]}]}]}]}
        """);
    Path toc = Files.writeString(dir.resolve("index.json"), """
        {"reporting_entity_name":"Acme","reporting_entity_type":"health insurance issuer",
         "reporting_structure":[
          {"reporting_plans":[{"plan_name":"P1","plan_id_type":"EIN","plan_id":"1","plan_market_type":"group"}],
           "in_network_files":[{"description":"a","location":"%1$s"},{"description":"b","location":"%2$s"}],
           "allowed_amount_file":{"description":"aa","location":"%3$s"}},
          {"reporting_plans":[{"plan_name":"P2","plan_id_type":"EIN","plan_id":"2","plan_market_type":"group"}],
           "in_network_files":[{"description":"a again","location":"%1$s"}]}],
         "version":"1.0.0"}
        """.formatted(a, b, aa));

    int exit = execute(toc.toString(), "--out", dir.resolve("out").toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("\"files_listed\":3", "\"files_done\":3");
    String manifest = Files.readString(dir.resolve("out/toc-manifest.json"));
    assertThat(manifest).contains("\"format\" : \"ptlake-toc/1\"", "\"plan_name\" : \"P2\"",
        "\"reporting_entity_name\" : \"Acme\"").doesNotContain("skipped", "failed");
    // the allowed-amounts file is split into its own chunk set: 1 payment x 2 npis = 2 rows
    String nameAa = TocPreprocessor.stableName(aa.toString());
    assertThat(manifest).containsPattern("\"dir\" : \"" + nameAa
        + "\"[^}]*\"file_type\" : \"allowed-amounts\"[^}]*\"plans\" : \\[ 0 \\][^}]*"
        + "\"status\" : \"done\"[^}]*\"expected_rows\" : 2");
    Path aaOut = dir.resolve("out").resolve(nameAa);
    assertThat(Files.readString(aaOut.resolve("manifest.json")))
        .contains("\"file_type\" : \"allowed-amounts\"", "\"out_of_network_items\" : 1",
            "\"allowed_amounts\" : 1", "\"provider_npis\" : 2");
    assertThat(aaOut.resolve("out_of_network/part-00000.jsonl")).exists();
    assertThat(aaOut.resolve("out_of_network_items/part-00000.jsonl")).exists();
    String nameA = TocPreprocessor.stableName(a.toString());
    assertThat(nameA).startsWith("a_in-network-").hasSize("a_in-network-".length() + 8);
    assertThat(dir.resolve("out").resolve(nameA).resolve("manifest.json")).exists();
    assertThat(dir.resolve("out").resolve(TocPreprocessor.stableName(b.toString()))
        .resolve("manifest.json")).exists();
    assertThat(manifest).containsPattern("\"dir\" : \"" + nameA + "\"[^}]*\"plans\" : \\[ 0, 1 \\]");
  }

  @Test
  void relativeLocationsAreResolvedAgainstTheTableOfContents() throws IOException {
    Path files = Files.createDirectories(dir.resolve("mirror/files"));
    Path a = files.resolve("a.json");
    TicFileGenerator.write(GeneratorSpec.builder().seed(1).items(2).build(), a);
    Path toc = Files.writeString(Files.createDirectories(dir.resolve("mirror/toc"))
        .resolve("index.json"), """
        {"reporting_entity_name":"Acme","reporting_structure":[{"reporting_plans":[],
          "in_network_files":[{"description":"a","location":"../files/a.json"}]}]}
        """);

    int exit = execute(toc.toString(), "--out", dir.resolve("out").toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(Files.readString(dir.resolve("out/toc-manifest.json")))
        .contains("\"url\" : \"" + a + "\"");
    assertThat(TableOfContents.resolve("https://payer.example/mrf/toc.json?sig=1", "in/a.json.gz"))
        .isEqualTo("https://payer.example/mrf/in/a.json.gz");
    assertThat(TableOfContents.resolve("s3://bucket/mrf/toc.json", "../b.json"))
        .isEqualTo("s3://bucket/b.json");
    assertThat(TableOfContents.resolve("/data/toc.json", "https://x.example/c.json"))
        .isEqualTo("https://x.example/c.json");
    assertThat(TableOfContents.resolve("/data/toc.json", "/other/d.json")).isEqualTo("/other/d.json");
  }

  @Test
  void limitAndMatchPickASubsetAndFailuresAreRecorded() throws IOException {
    Path a = dir.resolve("a.json");
    TicFileGenerator.write(GeneratorSpec.builder().seed(1).items(2).build(), a);
    Path toc = Files.writeString(dir.resolve("toc.json"), """
        {"reporting_structure":[{"reporting_plans":[],
          "in_network_files":[{"location":"%s"},{"location":"%s"},{"location":"https://10.0.0.1/x.json"}]}]}
        """.formatted(dir.resolve("missing.json"), a));

    assertThat(execute(toc.toString(), "--out", dir.resolve("one").toString(),
        "--match", "a\\.json$", "--limit", "5")).isZero();
    assertThat(Files.readString(dir.resolve("one/toc-manifest.json")))
        .contains("\"files_listed\" : 3").doesNotContain("missing.json");

    assertThat(execute(toc.toString(), "--out", dir.resolve("all").toString()))
        .isEqualTo(PreprocessCommand.EXIT_IO_ERROR);
    String manifest = Files.readString(dir.resolve("all/toc-manifest.json"));
    assertThat(manifest).contains("\"status\" : \"failed\"", "missing.json",
        "10.0.0.1 is a private address");
  }

  private int execute(String... args) {
    return new CommandLine(new PreprocessCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }
}
