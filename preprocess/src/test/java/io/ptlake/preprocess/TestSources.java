package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Small inline source documents and the encodings tests feed them in. */
final class TestSources {
  private static final String PRICE =
      "{\"negotiated_type\":\"negotiated\",\"negotiated_rate\":20000.00,\"service_code\":[\"11\"]}";

  static final String HEADER =
      "\"reporting_entity_name\":\"Acme\",\"version\":\"1.0.0\",\"last_updated_on\":\"2024-05-01\","
          + "\"plan_id\":12345,\"ignored_null\":null,\"extension\":{\"nested\":[1,{\"a\":2}]}";

  /**
   * Ids 1.0 and 1 are the same id: W(1) = (3 + max(1, 0)) + 1 = 5; an entry with no groups gives
   * W(2) = 1; the remote entry 3 gives W(3) = 1.
   */
  static final String REFERENCES =
      "\"provider_references\":["
          + "{\"provider_group_id\":1.0,\"provider_groups\":[{\"npi\":[1,2,3],\"tin\":{\"type\":\"ein\","
          + "\"value\":\"11-1111111\"}},{\"npi\":[],\"tin\":{\"type\":\"ein\",\"value\":\"0\"}}]},"
          + "{\"provider_group_id\":\"2\",\"provider_groups\":[]},"
          + "{\"provider_group_id\":3,\"location\":\"https://example.org/3.json\"},"
          + "{\"network_name\":[\"n\"],\"provider_group_id\":1,\"provider_groups\":[{\"npi\":[0]}]}]";

  /**
   * item 0: rate a refs [1, 1e0, 4] -> 5 + 5 + 1 (4 undefined) = 11 x 2 prices = 22;
   *         rate b inline 2 npis + W(2) = 3 x 1 price = 3
   * item 1 (scalars after its rates): rate c has neither refs nor groups -> 1 x 1 = 1;
   *         rate d has no prices -> 0, and references the undefined 40.0000000001
   * expected_rows = 26; undefined ids: 4 and 40.0000000001.
   */
  static final String IN_NETWORK =
      "\"in_network\":["
          + "{\"billing_code\":\"A\",\"negotiated_rates\":["
          + "{\"negotiated_prices\":[" + PRICE + "," + PRICE + "],\"provider_references\":[1,1e0,4]},"
          + "{\"provider_groups\":[{\"npi\":[5,6],\"tin\":{\"type\":\"npi\",\"value\":\"5\"}}],"
          + "\"provider_references\":[2],\"negotiated_prices\":[" + PRICE + "]}],\"name\":\"after\"},"
          + "{\"negotiated_rates\":[{\"negotiated_prices\":[" + PRICE + "]},"
          + "{\"negotiated_prices\":[],\"provider_references\":[40.0000000001]}],"
          + "\"billing_code\":\"B\",\"bundled_codes\":[{\"billing_code\":\"27447\"}]}]";

  static final long EXPECTED_ROWS = 26;

  private TestSources() {}

  static String object(String... members) {
    return "{" + String.join(",", members) + "}";
  }

  static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** Re-indents {@code json}, copying number text as it is. */
  static String pretty(String json) {
    JsonFactory factory = new JsonFactory();
    StringWriter out = new StringWriter();
    try (JsonParser p = factory.createParser(json);
        JsonGenerator g = factory.createGenerator(out).useDefaultPrettyPrinter()) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t.isNumeric()) {
          g.writeNumber(p.getText());
        } else {
          g.copyCurrentEvent(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The content as {@code members} gzip members, one after the other, as pigz -i or cat writes. */
  static byte[] concatenatedGzip(byte[] content, int members) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int step = content.length / members + 1;
    for (int start = 0; start < content.length; start += step) {
      int end = Math.min(content.length, start + step);
      bytes.writeBytes(gzip(Arrays.copyOfRange(content, start, end)));
    }
    return bytes.toByteArray();
  }
}
