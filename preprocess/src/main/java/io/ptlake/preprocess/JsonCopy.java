package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import java.io.IOException;

/**
 * Token-by-token copy from parser to generator. Numbers are written from their source characters
 * (never through double, so 20000.00 stays 20000.00), and no token allocates a String.
 */
final class JsonCopy {
  private JsonCopy() {}

  /** Copies the value at the current token; the parser is left on the value's last token. */
  static void copyValue(JsonParser p, JsonGenerator g) throws IOException {
    int depth = 0;
    do {
      switch (p.currentTokenId()) {
        case JsonTokenId.ID_START_OBJECT -> {
          g.writeStartObject();
          depth++;
        }
        case JsonTokenId.ID_START_ARRAY -> {
          g.writeStartArray();
          depth++;
        }
        case JsonTokenId.ID_END_OBJECT -> {
          g.writeEndObject();
          depth--;
        }
        case JsonTokenId.ID_END_ARRAY -> {
          g.writeEndArray();
          depth--;
        }
        case JsonTokenId.ID_FIELD_NAME -> g.writeFieldName(p.currentName());
        case JsonTokenId.ID_STRING ->
            g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        case JsonTokenId.ID_NUMBER_INT, JsonTokenId.ID_NUMBER_FLOAT ->
            g.writeNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        case JsonTokenId.ID_TRUE -> g.writeBoolean(true);
        case JsonTokenId.ID_FALSE -> g.writeBoolean(false);
        case JsonTokenId.ID_NULL -> g.writeNull();
        default -> throw new IllegalStateException("Cannot copy token " + p.currentToken());
      }
    } while (depth > 0 && p.nextToken() != null);
  }

  /**
   * Copies the array at the current token and returns its number of elements; any other value is
   * copied as it is and counts as empty.
   */
  static long copyCountingElements(JsonParser p, JsonGenerator g) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      copyValue(p, g);
      return 0;
    }
    g.writeStartArray();
    long elements = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      copyValue(p, g);
      elements++;
    }
    g.writeEndArray();
    return elements;
  }
}
