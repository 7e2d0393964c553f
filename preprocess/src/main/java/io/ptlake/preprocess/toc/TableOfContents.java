package io.ptlake.preprocess.toc;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table-of-contents file read in one streaming pass: its header, its plans, and the distinct
 * files it lists (the same file is usually listed under many plans), with plan → file links.
 */
public record TableOfContents(Map<String, String> header, List<Plan> plans, List<FileRef> files) {

  /** One {@code reporting_plans} entry; its fields as they are in the source. */
  public record Plan(Map<String, String> fields) {}

  public enum FileKind {
    IN_NETWORK("in-network-rates"),
    ALLOWED_AMOUNTS("allowed-amounts");

    private final String manifestName;

    FileKind(String manifestName) {
      this.manifestName = manifestName;
    }

    public String manifestName() {
      return manifestName;
    }
  }

  /** A listed file; {@code plans} are indices into {@link #plans()}. */
  public record FileRef(String url, FileKind kind, String description, Set<Integer> plans) {}

  public static TableOfContents read(InputStream json) throws IOException {
    try (JsonParser p = SourceKind.JSON.createParser(json)) {
      return new Reader(p).read();
    }
  }

  private static final class Reader {
    private final JsonParser p;
    private final Map<String, String> header = new LinkedHashMap<>();
    private final Map<Map<String, String>, Integer> plans = new LinkedHashMap<>();
    private final Map<String, FileRef> files = new LinkedHashMap<>();

    Reader(JsonParser p) {
      this.p = p;
    }

    TableOfContents read() throws IOException {
      expect(JsonToken.START_OBJECT, "the top-level value");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("reporting_structure")) {
          if (value != JsonToken.START_ARRAY) {
            throw new JsonParseException(p, "Expected reporting_structure to be an array");
          }
          while (p.nextToken() == JsonToken.START_OBJECT) {
            readStructure();
          }
        } else if (value.isStructStart()) {
          p.skipChildren();
        } else if (value != JsonToken.VALUE_NULL) {
          header.put(name, p.getText());
        }
      }
      List<Plan> planList = plans.keySet().stream().map(Plan::new).toList();
      return new TableOfContents(header, planList, List.copyOf(files.values()));
    }

    /** One reporting_structure entry: its plans each link to every file it lists. */
    private void readStructure() throws IOException {
      List<Integer> planIds = new ArrayList<>();
      List<String[]> listed = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "reporting_plans" -> {
            if (value == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                planIds.add(plans.computeIfAbsent(scalars(), k -> plans.size()));
              }
            } else {
              p.skipChildren();
            }
          }
          case "in_network_files" -> {
            if (value == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                Map<String, String> file = scalars();
                listed.add(new String[] {"in", file.get("location"), file.get("description")});
              }
            } else {
              p.skipChildren();
            }
          }
          case "allowed_amount_file" -> {
            if (value == JsonToken.START_OBJECT) {
              Map<String, String> file = scalars();
              listed.add(new String[] {"aa", file.get("location"), file.get("description")});
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
      for (String[] file : listed) {
        if (file[1] == null || file[1].isBlank()) {
          continue;
        }
        FileKind kind = file[0].equals("in") ? FileKind.IN_NETWORK : FileKind.ALLOWED_AMOUNTS;
        FileRef ref = files.computeIfAbsent(
            file[1], url -> new FileRef(url, kind, file[2], new LinkedHashSet<>()));
        ref.plans().addAll(planIds);
      }
    }

    /** The scalar fields of the object just started; nested values are skipped. */
    private Map<String, String> scalars() throws IOException {
      Map<String, String> fields = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value.isStructStart()) {
          p.skipChildren();
        } else if (value != JsonToken.VALUE_NULL) {
          fields.put(name, p.getText());
        }
      }
      return fields;
    }

    private void expect(JsonToken token, String what) throws IOException {
      if (p.nextToken() != token) {
        throw new JsonParseException(p, "Expected " + what + " to be an object");
      }
    }
  }
}
