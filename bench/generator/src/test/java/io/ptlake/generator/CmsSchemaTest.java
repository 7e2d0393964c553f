package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.ptlake.generator.GeneratorSpec.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the generator writes conforms to the official CMS in-network schema of its version
 * (../shared/cms/schemas: v1.6.2 for 1.x, v2.2.0 for 2.x), as an independent validator (networknt,
 * JSON Schema draft 7, offline: the schemas' references are all inside the file) reads it, but for
 * the deviations listed here. The sample-data specs cover every shape and quirk the generator has,
 * for both versions.
 */
class CmsSchemaTest {
  /**
   * The schema keyword and instance location (indexes as N) of what the generator writes where
   * the schema forbids it, as real payer files do and the row rules count: a rate naming an id
   * twice (uniqueItems: the generator draws a rate's ids with replacement; both give rows), and in
   * 2.x an entry without groups and a group with an empty npi list (minItems 1; 1.x allows both).
   */
  private static final Set<String> DEVIATIONS = Set.of(
      "uniqueItems /in_network/N/negotiated_rates/N/provider_references",
      "minItems /provider_references/N/provider_groups",
      "minItems /provider_references/N/provider_groups/N/npi",
      "oneOf /provider_references/N/provider_groups/N/npi");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SampleDataSet.class)
  void theGeneratedFileConformsToTheSchemaOfItsVersion(SampleDataSet sample) throws IOException {
    Schema schema = schema(sample.spec().version());
    sample.writeTo(dir);
    byte[] bytes = Files.readAllBytes(dir.resolve(sample.fileName()));
    String json = new String(TicFileOracle.isGzip(bytes) ? TicFileOracle.gunzip(bytes) : bytes,
        StandardCharsets.UTF_8);

    List<Error> errors = schema.validate(json, InputFormat.JSON);

    assertThat(schema.validate("{}", InputFormat.JSON)).as("the schema is applied").isNotEmpty();
    assertThat(errors).as(sample.fileName())
        .allMatch(error -> DEVIATIONS.contains(error.getKeyword() + " "
            + error.getInstanceLocation().toString().replaceAll("/\\d+", "/N")));
  }

  private static Schema schema(Version version) throws IOException {
    String shared = System.getProperty("ptlake.shared.dir");
    Path schemas = shared == null ? null : Path.of(shared, "cms", "schemas");
    assumeTrue(schemas != null && Files.isDirectory(schemas),
        "../shared/cms/schemas not found: the generator's schema conformance test is skipped");
    String folder = version == Version.V1 ? "v1.6.2" : "v2.2.0";
    String text = Files.readString(
        schemas.resolve(folder).resolve("in-network-rates").resolve("in-network-rates.json"));
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(text, InputFormat.JSON);
  }
}
