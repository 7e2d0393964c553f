package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A fetched remote provider file (schemas/v1.6.2/provider-reference: an object with a
 * {@code provider_groups} array and no id). It is checked whole before any of it is written, so
 * a file that turns out malformed leaves no records behind; both reads stream.
 */
final class ProviderFile {
  private static final String PROVIDER_GROUPS = "provider_groups";
  private static final String PROVIDER_GROUP_ID = "provider_group_id";
  private static final String NPI = "npi";

  /** Its groups, and Σ over them of max(1, |npi|), the weight the row formula gives them. */
  record Summary(long groups, long weight) {}

  private ProviderFile() {}

  /**
   * Reads the whole file.
   *
   * @throws JsonParseException if it is not JSON or has no provider_groups array of objects
   */
  static Summary scan(Path json) throws IOException {
    try (JsonParser p = TicJson.FACTORY.createParser(json.toFile())) {
      long groups = 0;
      long weight = 0;
      boolean found = toGroups(p);
      while (found && p.nextToken() == JsonToken.START_OBJECT) {
        long npis = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (NPI.equals(name) && value == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
              p.skipChildren();
              npis++;
            }
          } else {
            p.skipChildren();
          }
        }
        groups++;
        weight = Math.addExact(weight, Math.max(1, npis));
      }
      if (!found) {
        throw new JsonParseException(p, "Expected a top-level provider_groups array, found none");
      }
      if (p.currentToken() != JsonToken.END_ARRAY) {
        throw new JsonParseException(
            p, "Expected a provider_groups element to be an object, found " + p.currentToken());
      }
      while (p.nextToken() != null) {
        p.skipChildren();
      }
      return new Summary(groups, weight);
    }
  }

  /**
   * Writes one reference record per group under {@code id} ({@code provider_groups} holding that
   * group), or one with no groups when the file has none: the row formula then gives the id the
   * weight {@link #scan} reported. Call only after {@link #scan} succeeded.
   */
  static void write(Path json, String id, ReferenceStage stage, JsonGenerator g)
      throws IOException {
    try (JsonParser p = TicJson.FACTORY.createParser(json.toFile())) {
      toGroups(p);
      boolean none = true;
      while (p.nextToken() == JsonToken.START_OBJECT) {
        none = false;
        startRecord(id, stage, g);
        JsonCopy.copyValue(p, g);
        endRecord(stage, g);
      }
      if (none) {
        startRecord(id, stage, g);
        endRecord(stage, g);
      }
    }
  }

  private static void startRecord(String id, ReferenceStage stage, JsonGenerator g)
      throws IOException {
    stage.start();
    g.writeStartObject();
    g.writeStringField(PROVIDER_GROUP_ID, id);
    g.writeArrayFieldStart(PROVIDER_GROUPS);
  }

  private static void endRecord(ReferenceStage stage, JsonGenerator g) throws IOException {
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
    stage.end(null, null, true);
  }

  /** Moves to the START_ARRAY of the top-level provider_groups; false when there is none. */
  private static boolean toGroups(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new JsonParseException(p, "Expected the top-level value to be an object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (PROVIDER_GROUPS.equals(name) && value == JsonToken.START_ARRAY) {
        return true;
      }
      p.skipChildren();
    }
    return false;
  }
}
