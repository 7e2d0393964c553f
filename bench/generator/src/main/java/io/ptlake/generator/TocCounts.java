package io.ptlake.generator;

import java.util.TreeMap;

/**
 * What a generated table of contents lists, known from the generator's draws: the oracle of the
 * plans and plan → file links the ingest loads from it (every listed file preprocessed).
 *
 * @param structures reporting_structure entries
 * @param plans distinct plans (each is listed once)
 * @param files distinct files listed, in-network and allowed-amounts
 * @param links plan → file links: Σ over files of the plans listing them
 * @param uncompressedBytes size of the JSON
 */
public record TocCounts(long structures, long plans, long files, long links,
    long uncompressedBytes) {
  private static final String[] FIELDS = {
    "structures", "plans", "files", "links", "uncompressed_bytes"
  };

  public String toJson() {
    return CountsJson.write(FIELDS,
        new long[] {structures, plans, files, links, uncompressedBytes}, new TreeMap<>());
  }

  public static TocCounts fromJson(String json) {
    long[] v = CountsJson.read(json, FIELDS).values();
    return new TocCounts(v[0], v[1], v[2], v[3], v[4]);
  }
}
