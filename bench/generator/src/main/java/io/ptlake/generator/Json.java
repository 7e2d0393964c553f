package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/** The one JSON configuration of the module, so every file it writes has the same layout. */
final class Json {

  /** Callers own their streams (a gzip stream must be finished, not just closed by Jackson). */
  static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private Json() {}

  static JsonGenerator generator(OutputStream out, boolean pretty) throws IOException {
    return layout(FACTORY.createGenerator(out), pretty);
  }

  static JsonGenerator generator(Writer out, boolean pretty) throws IOException {
    return layout(FACTORY.createGenerator(out), pretty);
  }

  /** Pretty output puts every value on its own line with "\n", whatever the OS, as big files do. */
  private static JsonGenerator layout(JsonGenerator gen, boolean pretty) {
    if (pretty) {
      DefaultIndenter lineFeed = new DefaultIndenter("  ", "\n");
      gen.setPrettyPrinter(
          new DefaultPrettyPrinter().withObjectIndenter(lineFeed).withArrayIndenter(lineFeed));
    }
    return gen;
  }
}
