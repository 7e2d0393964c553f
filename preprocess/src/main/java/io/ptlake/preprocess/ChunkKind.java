package io.ptlake.preprocess;

/**
 * The record kinds of the chunk contract; each has its own directory in the output. An
 * in-network file gives the first three, an allowed-amounts file the last two.
 */
public enum ChunkKind {
  RATES("rates", "in_network"),
  ITEMS("items", "in_network_items"),
  PROVIDER_REFERENCES("provider_references", "provider_references"),
  /** Allowed-amounts files: one allowed_amounts entry of an out_of_network item. */
  ALLOWED_AMOUNTS("allowed_amounts", "out_of_network"),
  /** Allowed-amounts files: an out_of_network item's other fields. */
  OUT_OF_NETWORK_ITEMS("out_of_network_items", "out_of_network_items");

  private final String manifestName;
  private final String directory;

  ChunkKind(String manifestName, String directory) {
    this.manifestName = manifestName;
    this.directory = directory;
  }

  /** The {@code kind} value in manifest.json. */
  public String manifestName() {
    return manifestName;
  }

  /** The directory of this kind's chunk files, relative to the output directory. */
  public String directory() {
    return directory;
  }

  public static ChunkKind fromManifestName(String name) {
    for (ChunkKind kind : values()) {
      if (kind.manifestName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("Unknown chunk kind: " + name);
  }
}
