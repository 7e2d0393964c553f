package io.ptlake.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An NPPES-shaped "full replacement monthly" NPI file: the 330 columns of CMS's
 * {@code npidata_pfile} header, every field quoted, one row per NPI, packed as CMS packs it (a ZIP
 * holding {@code npidata_pfile_<from>-<to>.csv}, its {@code _fileheader.csv} and another file).
 * The NPIs are the caller's; a few become deactivated rows (NPI and deactivation date only, as
 * NPPES publishes them), one of those reactivated, and a share are left out, so a lake built on
 * the same NPIs meets NPIs that NPPES does not know. Content depends on the NPI alone (and the
 * seed), so a provider reads the same in every file.
 */
public final class NppesFile {
  /** The data entry's name in the ZIP, a real NPPES month's. */
  public static final String DATA_ENTRY = "npidata_pfile_20050523-20250608.csv";
  private static final String HEADER_ENTRY = "npidata_pfile_20050523-20250608_fileheader.csv";
  private static final String OTHER_ENTRY = "pl_pfile_20050523-20250608.csv";
  /** ZIP entries' time: fixed, so the same NPIs give the same entries. */
  private static final long ENTRY_TIME = 1_749_340_800_000L;

  /** One NPI in this many is left out of the file (unknown to NPPES). */
  public static final int MISSING_ONE_IN = 40;
  /** One NPI in this many (of those kept) is deactivated. */
  public static final int DEACTIVATED_ONE_IN = 40;

  static final List<String> HEADER = header();
  private static final java.util.Map<String, Integer> POSITIONS = positions();

  private static final String[] LAST = {
    "Anderson", "Baker", "Castillo", "Dawson", "Ellis", "Fischer", "Garcia", "Hughes", "Iverson",
    "Jensen", "Kowalski", "Lee", "Morales", "Nguyen", "Okafor", "Patel", "Quinn", "Russo"
  };
  private static final String[] FIRST = {
    "Alice", "Ben", "Carmen", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal",
    "Karin", "Luis", "Maya", "Noah", "Olga", "Priya"
  };
  private static final String[] CREDENTIALS = {"MD", "M.D.", "DO", "NP", "PA-C", "DPT", "PHD"};
  /** Individual taxonomies (NUCC codes). */
  private static final String[] INDIVIDUAL = {
    "207Q00000X", "207R00000X", "207RC0000X", "207X00000X", "2085R0202X", "207P00000X",
    "208600000X", "207V00000X", "208000000X", "363L00000X", "363A00000X", "225100000X",
    "103T00000X"
  };
  /** Organization taxonomies (NUCC codes). */
  private static final String[] ORGANIZATION = {
    "282N00000X", "261QM1300X", "261QR0200X", "291U00000X", "3416L0300X", "332B00000X"
  };
  private static final String[] ORGANIZATION_KINDS = {
    "GENERAL HOSPITAL", "MULTISPECIALTY CLINIC", "IMAGING CENTER", "CLINICAL LABORATORY",
    "AMBULANCE SERVICE", "MEDICAL SUPPLY"
  };
  private static final String[][] PLACES = {
    {"COLUMBUS", "OH", "43215"}, {"CLEVELAND", "OH", "44113"}, {"CINCINNATI", "OH", "45202"},
    {"PITTSBURGH", "PA", "15213"}, {"CHICAGO", "IL", "60611"}, {"INDIANAPOLIS", "IN", "46202"},
    {"DETROIT", "MI", "48201"}, {"LOUISVILLE", "KY", "40202"}, {"SAN ANTONIO", "TX", "78229"},
    {"PHOENIX", "AZ", "85006"}
  };

  private NppesFile() {}

  /** Whether {@code npi} is left out of the file. */
  public static boolean missing(long npi, long seed) {
    return Math.floorMod(Seeds.mix(seed, Seeds.NPPES, npi), MISSING_ONE_IN) == 0;
  }

  /** Whether {@code npi} (not missing) is deactivated, and so has no name, place or taxonomy. */
  public static boolean deactivated(long npi, long seed) {
    return Math.floorMod(Seeds.mix(seed, Seeds.NPPES, npi) >>> 8, DEACTIVATED_ONE_IN) == 0;
  }

  /**
   * Writes the ZIP of {@code npis} (sorted, distinct) to {@code out}; returns the data rows.
   * The first deactivated NPI is reactivated, with its data back.
   */
  public static long writeZip(List<Long> npis, long seed, OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    entry(zip, HEADER_ENTRY);
    Writer header = writer(zip);
    writeLine(header, HEADER);
    header.flush();
    zip.closeEntry();
    entry(zip, DATA_ENTRY);
    Writer data = writer(zip);
    writeLine(data, HEADER);
    long rows = 0;
    boolean reactivated = false;
    for (long npi : npis) {
      if (missing(npi, seed)) {
        continue;
      }
      boolean inactive = deactivated(npi, seed);
      boolean back = inactive && !reactivated;
      reactivated |= back;
      writeLine(data, row(npi, seed, inactive, back));
      rows++;
    }
    data.flush();
    zip.closeEntry();
    entry(zip, OTHER_ENTRY);
    Writer other = writer(zip);
    writeLine(other, List.of("NPI", "Provider Secondary Practice Location Address- Address Line 1"));
    other.flush();
    zip.closeEntry();
    zip.finish();
    return rows;
  }

  private static List<String> row(long npi, long seed, boolean inactive, boolean reactivated) {
    List<String> row = new ArrayList<>(Collections.nCopies(HEADER.size(), ""));
    set(row, "NPI", Long.toString(npi));
    if (inactive) {
      set(row, "NPI Deactivation Date", "03/15/2024");
      if (!reactivated) {
        return row;
      }
      set(row, "NPI Reactivation Date", "09/01/2024");
    }
    Random rng = Seeds.random(seed, Seeds.NPPES, npi);
    boolean organization = rng.nextInt(5) == 0;
    String[] place = PLACES[rng.nextInt(PLACES.length)];
    set(row, "Entity Type Code", organization ? "2" : "1");
    set(row, "Provider Enumeration Date", "05/23/2007");
    set(row, "Last Update Date", "06/01/2025");
    set(row, "Provider Business Practice Location Address City Name", place[0]);
    set(row, "Provider Business Practice Location Address State Name", place[1]);
    set(row, "Provider Business Practice Location Address Postal Code",
        rng.nextBoolean() ? place[2] : place[2] + String.format("%04d", rng.nextInt(10_000)));
    set(row, "Provider Business Practice Location Address Country Code (If outside U.S.)", "US");
    if (organization) {
      int kind = rng.nextInt(ORGANIZATION.length);
      set(row, "Provider Organization Name (Legal Business Name)",
          LAST[rng.nextInt(LAST.length)] + " " + place[0] + " " + ORGANIZATION_KINDS[kind]);
      set(row, "Employer Identification Number (EIN)", "<UNAVAIL>");
      set(row, "Healthcare Provider Taxonomy Code_1", ORGANIZATION[kind]);
      // Organizations often leave the primary switch unanswered (X).
      set(row, "Healthcare Provider Primary Taxonomy Switch_1", rng.nextBoolean() ? "Y" : "X");
    } else {
      set(row, "Provider Last Name (Legal Name)", LAST[rng.nextInt(LAST.length)]);
      set(row, "Provider First Name", FIRST[rng.nextInt(FIRST.length)]);
      set(row, "Provider Credential Text", CREDENTIALS[rng.nextInt(CREDENTIALS.length)]);
      set(row, "Provider Sex Code", rng.nextBoolean() ? "F" : "M");
      int codes = 1 + rng.nextInt(3);
      int primary = rng.nextInt(codes);
      for (int slot = 1; slot <= codes; slot++) {
        set(row, "Healthcare Provider Taxonomy Code_" + slot,
            INDIVIDUAL[rng.nextInt(INDIVIDUAL.length)]);
        set(row, "Provider License Number_" + slot, "L" + (npi % 1_000_000));
        set(row, "Provider License Number State Code_" + slot, place[1]);
        set(row, "Healthcare Provider Primary Taxonomy Switch_" + slot,
            slot - 1 == primary ? "Y" : "N");
      }
    }
    return row;
  }

  /** The header of CMS's npidata_pfile: 330 columns. */
  private static List<String> header() {
    List<String> names = new ArrayList<>(List.of(
        "NPI", "Entity Type Code", "Replacement NPI", "Employer Identification Number (EIN)",
        "Provider Organization Name (Legal Business Name)", "Provider Last Name (Legal Name)",
        "Provider First Name", "Provider Middle Name", "Provider Name Prefix Text",
        "Provider Name Suffix Text", "Provider Credential Text",
        "Provider Other Organization Name", "Provider Other Organization Name Type Code",
        "Provider Other Last Name", "Provider Other First Name", "Provider Other Middle Name",
        "Provider Other Name Prefix Text", "Provider Other Name Suffix Text",
        "Provider Other Credential Text", "Provider Other Last Name Type Code",
        "Provider First Line Business Mailing Address",
        "Provider Second Line Business Mailing Address",
        "Provider Business Mailing Address City Name",
        "Provider Business Mailing Address State Name",
        "Provider Business Mailing Address Postal Code",
        "Provider Business Mailing Address Country Code (If outside U.S.)",
        "Provider Business Mailing Address Telephone Number",
        "Provider Business Mailing Address Fax Number",
        "Provider First Line Business Practice Location Address",
        "Provider Second Line Business Practice Location Address",
        "Provider Business Practice Location Address City Name",
        "Provider Business Practice Location Address State Name",
        "Provider Business Practice Location Address Postal Code",
        "Provider Business Practice Location Address Country Code (If outside U.S.)",
        "Provider Business Practice Location Address Telephone Number",
        "Provider Business Practice Location Address Fax Number", "Provider Enumeration Date",
        "Last Update Date", "NPI Deactivation Reason Code", "NPI Deactivation Date",
        "NPI Reactivation Date", "Provider Sex Code", "Authorized Official Last Name",
        "Authorized Official First Name", "Authorized Official Middle Name",
        "Authorized Official Title or Position", "Authorized Official Telephone Number"));
    for (int i = 1; i <= 15; i++) {
      names.add("Healthcare Provider Taxonomy Code_" + i);
      names.add("Provider License Number_" + i);
      names.add("Provider License Number State Code_" + i);
      names.add("Healthcare Provider Primary Taxonomy Switch_" + i);
    }
    for (int i = 1; i <= 50; i++) {
      names.add("Other Provider Identifier_" + i);
      names.add("Other Provider Identifier Type Code_" + i);
      names.add("Other Provider Identifier State_" + i);
      names.add("Other Provider Identifier Issuer_" + i);
    }
    names.addAll(List.of("Is Sole Proprietor", "Is Organization Subpart",
        "Parent Organization LBN", "Parent Organization TIN",
        "Authorized Official Name Prefix Text", "Authorized Official Name Suffix Text",
        "Authorized Official Credential Text"));
    for (int i = 1; i <= 15; i++) {
      names.add("Healthcare Provider Taxonomy Group_" + i);
    }
    names.add("Certification Date");
    return List.copyOf(names);
  }

  private static java.util.Map<String, Integer> positions() {
    java.util.Map<String, Integer> positions = new java.util.HashMap<>();
    for (int i = 0; i < HEADER.size(); i++) {
      positions.put(HEADER.get(i), i);
    }
    return positions;
  }

  private static void set(List<String> row, String column, String value) {
    Integer index = POSITIONS.get(column);
    if (index == null) {
      throw new IllegalStateException("No NPPES column " + column);
    }
    row.set(index, value);
  }

  private static void entry(ZipOutputStream zip, String name) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(ENTRY_TIME);
    zip.putNextEntry(entry);
  }

  /** A writer that leaves the ZIP stream open when flushed (never closed here). */
  private static Writer writer(ZipOutputStream zip) {
    return new BufferedWriter(new OutputStreamWriter(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        zip.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        zip.write(b, off, len);
      }
    }, StandardCharsets.UTF_8), 1 << 16);
  }

  /** NPPES quotes every field; a quote inside doubles. Lines end with CR LF, as NPPES's do. */
  private static void writeLine(Writer out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write('"');
      out.write(fields.get(i).replace("\"", "\"\""));
      out.write('"');
    }
    out.write("\r\n");
  }
}
