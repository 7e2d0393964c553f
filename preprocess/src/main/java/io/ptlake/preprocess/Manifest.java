package io.ptlake.preprocess;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The content of manifest.json (docs/chunk-format.md): what was read, what it holds, and the
 * chunk files written from it. Written by {@link Preprocessor}, read by {@link ManifestReader}.
 */
public record Manifest(
    String format,
    String toolVersion,
    Source source,
    String fileType,
    Map<String, String> header,
    Map<String, Long> counts,
    long expectedRows,
    ChunkCodec chunkCodec,
    List<Chunk> chunks,
    Instant createdAt) {

  /** The format this version writes and reads. */
  public static final String FORMAT = "ptlake-chunks/1";

  public static final String FILE_TYPE_IN_NETWORK_RATES = "in-network-rates";

  // Keys of counts(), in the order they are written.
  public static final String IN_NETWORK_ITEMS = "in_network_items";
  public static final String NEGOTIATED_RATES = "negotiated_rates";
  public static final String NEGOTIATED_PRICES = "negotiated_prices";
  public static final String PROVIDER_REFERENCES = "provider_references";
  public static final String INLINE_PROVIDER_GROUPS = "inline_provider_groups";
  public static final String REMOTE_PROVIDER_REFERENCES = "remote_provider_references";
  public static final String UNDEFINED_REFERENCE_IDS = "undefined_reference_ids";

  /** The source file as stored, and the size of its JSON once decompressed. */
  public record Source(String uri, long sizeBytes, String compression, long jsonBytes) {
    public Source {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(compression, "compression");
    }
  }

  /** One chunk file; {@code path} is relative to the output directory. */
  public record Chunk(String path, ChunkKind kind, long records, long bytes) {
    public Chunk {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(kind, "kind");
    }
  }

  public Manifest {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(chunkCodec, "chunkCodec");
    header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    chunks = List.copyOf(chunks);
  }

  public String sourceUri() {
    return source.uri();
  }

  /** The count named {@code name} (one of the constants of this class); 0 when absent. */
  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }

  public List<Chunk> chunks(ChunkKind kind) {
    return chunks.stream().filter(chunk -> chunk.kind() == kind).toList();
  }
}
