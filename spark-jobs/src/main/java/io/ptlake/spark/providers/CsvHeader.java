package io.ptlake.spark.providers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header line of a CSV file (RFC 4180: fields optionally quoted, {@code ""} inside quotes):
 * the column names by position, so that a file is read with an explicit all-string schema of its
 * own columns and the needed ones are found by name, wherever the publisher put them.
 */
record CsvHeader(List<String> names) {
  /** A header line longer than this is not a header: the file is not CSV. */
  private static final int MAX_BYTES = 1 << 20;

  CsvHeader {
    names = List.copyOf(names);
  }

  /** Reads the first line of {@code in} (a UTF-8 byte order mark skipped). */
  static CsvHeader read(InputStream in, String file) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean quoted = false;
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '"') {
        quoted = !quoted;
      } else if (!quoted && (b == '\n' || b == '\r')) {
        break;
      }
      line.write(b);
      if (line.size() > MAX_BYTES) {
        throw new IOException("Cannot read the header of " + file + ": its first line is longer"
            + " than " + MAX_BYTES + " bytes, so it is not a CSV header");
      }
    }
    String text = line.toString(StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new CsvHeader(split(text));
  }

  /** Positions by name, compared without case and surrounding blanks. */
  Map<String, Integer> positions() {
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      positions.putIfAbsent(key(names.get(i)), i);
    }
    return positions;
  }

  static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  private static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
