package io.ptlake.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The NPPES sample of sample-data/ read plainly in the tests: its data entry's CSV, one map of
 * NPPES column name to value per NPI, and the providers table's rules written out from the
 * NPPES field names (docs/providers.md), so that tests compare the load with them.
 */
public final class NppesSample {
  private NppesSample() {}

  /** The data entry of an NPPES ZIP. */
  public static String csv(Path zip) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.getName().startsWith("npidata_pfile") && !entry.getName().contains("header")) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new IllegalStateException("No npidata entry in " + zip);
  }

  /** Rows by NPI; the sample's fields hold no comma or quote, so a line splits on {@code ","}. */
  public static Map<Long, Map<String, String>> read(Path zip) throws IOException {
    Map<Long, Map<String, String>> rows = new TreeMap<>();
    List<String> lines = csv(zip).lines().toList();
    String[] header = fields(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] values = fields(line);
      Map<String, String> row = new TreeMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], values[i]);
      }
      rows.put(Long.parseLong(values[0]), row);
    }
    return rows;
  }

  public static String entityType(Map<String, String> f) {
    return switch (f.get("Entity Type Code")) {
      case "1" -> "individual";
      case "2" -> "organization";
      default -> null;
    };
  }

  /** The organization's legal name, or "last, first". */
  public static String name(Map<String, String> f) {
    if (f.get("Entity Type Code").equals("2")) {
      return f.get("Provider Organization Name (Legal Business Name)");
    }
    String last = f.get("Provider Last Name (Legal Name)");
    return last.isEmpty() ? null : last + ", " + f.get("Provider First Name");
  }

  /** The code whose switch is Y; else the first code listed. */
  public static String primaryTaxonomy(Map<String, String> f) {
    String firstListed = null;
    for (int slot = 1; slot <= 15; slot++) {
      String code = f.get("Healthcare Provider Taxonomy Code_" + slot);
      if (!code.isEmpty() && "Y".equals(f.get("Healthcare Provider Primary Taxonomy Switch_"
          + slot))) {
        return code;
      }
      if (!code.isEmpty() && firstListed == null) {
        firstListed = code;
      }
    }
    return firstListed;
  }

  /** Deactivated, and not reactivated since. */
  public static boolean deactivated(Map<String, String> f) {
    return !f.get("NPI Deactivation Date").isEmpty() && f.get("NPI Reactivation Date").isEmpty();
  }

  private static String[] fields(String line) {
    return line.substring(1, line.length() - 1).split("\",\"", -1);
  }
}
