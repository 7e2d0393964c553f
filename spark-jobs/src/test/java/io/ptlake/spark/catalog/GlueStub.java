package io.ptlake.spark.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The Glue API as a WireMock stub on a random loopback port: AWS JSON 1.1, every call a
 * {@code POST /} told apart by its {@code X-Amz-Target: AWSGlue.<Operation>} header.
 */
final class GlueStub implements AutoCloseable {
  static final String JSON_11 = "application/x-amz-json-1.1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  final WireMockServer server;

  GlueStub() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** Fast retries, so throttling tests take milliseconds. */
  GlueProperties properties() {
    return GlueProperties.builder()
        .region("us-east-1")
        .endpoint(endpoint())
        .maxAttempts(3)
        .retryDelays(Duration.ofMillis(1), Duration.ofMillis(5))
        .build();
  }

  /** A client built by the production factory, with static credentials instead of the chain. */
  GlueClient client() {
    return new GlueClientFactory(properties()).configure(GlueClient.builder())
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }

  GlueTableRegistrar registrar(GlueClient client) {
    return new GlueTableRegistrar(client, properties(), duration -> {});
  }

  static MappingBuilder call(String operation) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue." + operation));
  }

  static ResponseDefinitionBuilder ok(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", JSON_11).withBody(body);
  }

  static ResponseDefinitionBuilder error(String type, String message) {
    return aResponse().withStatus(400).withHeader("Content-Type", JSON_11)
        .withBody("{\"__type\":\"" + type + "\",\"Message\":\"" + message + "\"}");
  }

  void answer(String operation, ResponseDefinitionBuilder response) {
    server.stubFor(call(operation).willReturn(response));
  }

  /** The JSON bodies sent with {@code operation}, in the order sent. */
  List<JsonNode> bodies(String operation) {
    return requests(operation).stream().map(request -> json(request.getBodyAsString())).toList();
  }

  List<LoggedRequest> requests(String operation) {
    return server.findAll(postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("AWSGlue." + operation)));
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
