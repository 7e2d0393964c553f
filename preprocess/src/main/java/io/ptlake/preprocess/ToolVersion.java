package io.ptlake.preprocess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version, from a resource Maven filters (so it is also right in tests). */
public final class ToolVersion {
  private static final String RESOURCE = "tool-version.properties";
  private static final String UNKNOWN = "unknown";

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} from unfiltered classes. */
  public static final String VALUE = load();

  private ToolVersion() {}

  private static String load() {
    try (InputStream in = ToolVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", UNKNOWN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
