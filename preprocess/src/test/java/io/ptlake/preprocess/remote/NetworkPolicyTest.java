package io.ptlake.preprocess.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SSRF guard: only literal addresses are used, so no name is resolved and nothing is sent. */
class NetworkPolicyTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://127.0.0.1/x.json, 127.0.0.1 is a loopback address",
    "https://127.8.9.10/x.json, a loopback address",
    "https://[::1]/x.json, a loopback address",
    "https://[::ffff:127.0.0.1]/x.json, a loopback address",
    "https://169.254.169.254/latest/meta-data/, 169.254.169.254 is a link-local address",
    "https://[fd00:ec2::254]/latest/meta-data/, an IPv6 unique-local address",
    "https://10.1.2.3/x.json, 10.1.2.3 is a private address",
    "https://172.16.0.1/x.json, a private address",
    "https://192.168.1.1/x.json, a private address",
    "https://100.64.0.1/x.json, a carrier-grade NAT address",
    "https://0.0.0.0/x.json, an unspecified address",
  })
  void refusesNonPublicAddresses(String url, String reason) {
    assertThatThrownBy(() -> NetworkPolicy.publicOnly().check(URI.create(url)))
        .isInstanceOf(RefusedUrlException.class)
        .hasMessageStartingWith("Refusing to fetch " + url + " because ")
        .hasMessageContaining(reason)
        .hasMessageContaining("--allow-private-network allows it");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "http://93.184.215.14/x.json, its scheme is not https",
    "ftp://93.184.215.14/x.json, its scheme is not https",
    "file:///etc/passwd, its scheme is not https",
    "https://user:pw@93.184.215.14/x.json, it carries user credentials",
  })
  void refusesOtherSchemesAndCredentials(String url, String reason) {
    assertThatThrownBy(() -> NetworkPolicy.publicOnly().check(URI.create(url)))
        .isInstanceOf(RefusedUrlException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void allowsPublicHttpsAndEverythingWhenAskedTo() throws IOException {
    URI publicUrl = URI.create("https://93.184.215.14/x.json");
    assertThat(NetworkPolicy.publicOnly().check(publicUrl)).isEqualTo(publicUrl);
    URI metadata = URI.create("http://169.254.169.254/latest/meta-data/");
    assertThat(NetworkPolicy.allowPrivateNetwork().check(metadata)).isEqualTo(metadata);
  }

  @Test
  void aRedirectIntoThePrivateNetworkIsRefused() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/meta", exchange -> {
      exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.createContext("/private", exchange -> {
      exchange.getResponseHeaders().add("Location", "https://10.0.0.1/x.json");
      exchange.sendResponseHeaders(307, -1);
      exchange.close();
    });
    server.start();
    try {
      // The test server itself is exempt; every other rule holds.
      GuardedHttpClient http = new GuardedHttpClient(
          NetworkPolicy.exempting(InetAddress::isLoopbackAddress),
          Duration.ofSeconds(5), Duration.ofSeconds(5));
      String base = "http://127.0.0.1:" + server.getAddress().getPort();

      assertThatThrownBy(() -> http.get(URI.create(base + "/meta"), r -> {}))
          .isInstanceOf(RefusedUrlException.class)
          .hasMessageContaining("169.254.169.254 is a link-local address");
      assertThatThrownBy(() -> http.get(URI.create(base + "/private"), r -> {}))
          .isInstanceOf(RefusedUrlException.class)
          .hasMessageContaining("10.0.0.1 is a private address");
      assertThatThrownBy(() -> GuardedHttpClientFor.strict().get(URI.create(base + "/meta"), r -> {}))
          .isInstanceOf(RefusedUrlException.class)
          .hasMessageContaining("a loopback address");
    } finally {
      server.stop(0);
    }
  }

  private static final class GuardedHttpClientFor {
    static GuardedHttpClient strict() {
      return new GuardedHttpClient(NetworkPolicy.publicOnly(), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }
  }

}
