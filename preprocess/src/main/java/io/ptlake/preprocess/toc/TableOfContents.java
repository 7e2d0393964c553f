package io.ptlake.preprocess.toc;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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

  /** A ToC whose locations are taken as they are written. */
  public static TableOfContents read(InputStream json) throws IOException {
    return read(json, null);
  }

  /**
   * A ToC read from {@code tocUri}: a relative location (a mirror of a payer's ToC beside its
   * files, the demo's sample ToC) is resolved against the ToC's own location, as a browser
   * resolves a link; absolute URLs and paths are kept as written.
   *
   * @param tocUri where the ToC was read from (a local path, s3:// or https:// URL); null to keep
   *     every location as written
   */
  public static TableOfContents read(InputStream json, String tocUri) throws IOException {
    try (JsonParser p = SourceKind.JSON.createParser(json)) {
      return new Reader(p, tocUri).read();
    }
  }

  /**
   * {@code location} resolved against {@code tocUri}: unchanged when it has a scheme
   * ({@code https:}, {@code s3:}, …), is an absolute path, or {@code tocUri} is null.
   */
  public static String resolve(String tocUri, String location) {
    if (tocUri == null || location.startsWith("/") || SCHEME.matcher(location).lookingAt()) {
      return location;
    }
    if (SCHEME.matcher(tocUri).lookingAt()) {
      try {
        return new URI(tocUri).resolve(location).toString();
      } catch (URISyntaxException | IllegalArgumentException notAUri) {
        // A location that is no URI reference is read as written, and fails with its own name.
        return location;
      }
    }
    Path parent = Path.of(tocUri).toAbsolutePath().getParent();
    return parent.resolve(location).normalize().toString();
  }

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

  private static final class Reader {
    private final JsonParser p;
    private final String tocUri;
    private final Map<String, String> header = new LinkedHashMap<>();
    private final Map<Map<String, String>, Integer> plans = new LinkedHashMap<>();
    private final Map<String, FileRef> files = new LinkedHashMap<>();

    Reader(JsonParser p, String tocUri) {
      this.p = p;
      this.tocUri = tocUri;
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
        FileRef ref = files.computeIfAbsent(resolve(tocUri, file[1]),
            url -> new FileRef(url, kind, file[2], new LinkedHashSet<>()));
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
