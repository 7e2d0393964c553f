package io.ptlake.preprocess.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.preprocess.PreprocessCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A run over pre-signed URLs (the input's and remote provider files') leaves no signature,
 * credential or query string in stdout, stderr, the manifest or any output file name; nor does a
 * run that fails on such a URL.
 */
class SecretRedactionTest {
  private static final String SECRET = "SeCrEtSiGnAtUrE0123";
  private static final String KEY_ID = "AKIAEXAMPLEKEYID";
  private static final String PASSWORD = "hunter2pass";
  private static final String QUERY = "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + KEY_ID
      + "%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=" + SECRET;

  @TempDir Path dir;
  private RangeServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void serve() throws IOException {
    server = new RangeServer();
    String remote404 = server.url("/groups/9.json") + QUERY;
    String remoteWithUser = server.url("/groups/8.json").replace("://", "://user:" + PASSWORD + "@");
    server.put("/groups/7.json", utf8("{\"provider_groups\":[{\"npi\":[1]}]}"), "\"g7\"");
    String remoteFetched = server.url("/groups/7.json") + QUERY;
    server.put("/in/rates.json.gz", gzip(utf8("{\"reporting_entity_name\":\"Acme\","
        + "\"provider_references\":[{\"provider_group_id\":9,\"location\":\"" + remote404 + "\"},"
        + "{\"provider_group_id\":8,\"location\":\"" + remoteWithUser + "\"},"
        + "{\"provider_group_id\":7,\"location\":\"" + remoteFetched + "\"}],"
        + "\"in_network\":[{\"billing_code\":\"A\",\"negotiated_rates\":[{\"provider_references\":"
        + "[7,8,9],\"negotiated_prices\":[{\"negotiated_rate\":1}]}]}]}")), "\"r1\"");
    server.put("/in/bad.json", utf8("{\"in_network\":[{\"billing_code\":"), "\"b1\"");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aSuccessfulRunShowsNoSecret() throws IOException {
    Path output = dir.resolve("out");

    int exit = execute(server.url("/in/rates.json.gz") + QUERY, output);

    assertThat(exit).as(err.toString()).isZero();
    String manifest = Files.readString(output.resolve("manifest.json"));
    assertThat(manifest)
        .contains("\"uri\" : \"" + server.url("/in/rates.json.gz") + "?…\"")
        .contains("\"status\" : \"fetched\"", "\"status\" : \"failed\"");
    assertNoSecret(output, manifest);
  }

  @Test
  void failedRunsShowNoSecret() throws IOException {
    Path output = dir.resolve("out");

    assertThat(execute(server.url("/in/missing.json.gz") + QUERY, output))
        .isEqualTo(PreprocessCommand.EXIT_IO_ERROR);
    assertThat(execute(server.url("/in/bad.json") + QUERY, output))
        .isEqualTo(PreprocessCommand.EXIT_MALFORMED_INPUT);

    assertThat(err.toString()).contains("HTTP 404", "Unexpected end-of-input", "?…");
    assertNoSecret(output, "");
  }

  private int execute(String input, Path output) {
    return new CommandLine(new PreprocessCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(input, "--out", output.toString(), "--allow-private-network");
  }

  private void assertNoSecret(Path output, String manifest) throws IOException {
    List<String> texts = new ArrayList<>(List.of(out.toString(), err.toString(), manifest));
    if (Files.exists(output)) {
      try (Stream<Path> files = Files.walk(output)) {
        files.forEach(file -> texts.add(file.toString()));
      }
    }
    for (String text : texts) {
      assertThat(text).doesNotContain(SECRET, KEY_ID, PASSWORD, "X-Amz-");
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(content);
    }
    return bytes.toByteArray();
  }
}
