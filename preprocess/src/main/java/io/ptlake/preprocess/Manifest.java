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
    List<RemoteReference> remoteReferences,
    Instant createdAt) {

  /** The format this version writes and reads. */
  public static final String FORMAT = "ptlake-chunks/1";

  public static final String FILE_TYPE_IN_NETWORK_RATES = "in-network-rates";
  public static final String FILE_TYPE_ALLOWED_AMOUNTS = "allowed-amounts";

  // Keys of counts(), in the order they are written.
  public static final String IN_NETWORK_ITEMS = "in_network_items";
  public static final String NEGOTIATED_RATES = "negotiated_rates";
  public static final String NEGOTIATED_PRICES = "negotiated_prices";
  public static final String PROVIDER_REFERENCES = "provider_references";
  public static final String INLINE_PROVIDER_GROUPS = "inline_provider_groups";
  public static final String REMOTE_PROVIDER_REFERENCES = "remote_provider_references";
  public static final String UNDEFINED_REFERENCE_IDS = "undefined_reference_ids";
  /**
   * Rate and reference records passed through with a value of the wrong JSON type: provider_groups
   * or npi not an array, a provider group not an object, an npi entry not an integer number,
   * negotiated_prices not an array. Each record counts once.
   */
  public static final String RECORDS_WITH_TYPE_PROBLEMS = "records_with_type_problems";
  /**
   * Records passed through without a field the tables need: an item without billing_code, a rate
   * without negotiated_prices, a provider_references entry without provider_group_id.
   */
  public static final String RECORDS_MISSING_FIELDS = "records_missing_fields";
  /** Remote provider files (distinct URLs) that could not be fetched. */
  public static final String REMOTE_REFERENCE_FAILURES = "remote_reference_failures";
  /** Reference records written from fetched remote provider files. */
  public static final String REMOTE_PROVIDER_GROUPS = "remote_provider_groups";

  // Counts of an allowed-amounts file (file_type allowed-amounts), in the order they are written;
  // records_with_type_problems and records_missing_fields follow them.
  public static final String OUT_OF_NETWORK_ITEMS = "out_of_network_items";
  /** Entries of the items' allowed_amounts arrays: the allowed_amounts records. */
  public static final String ALLOWED_AMOUNTS = "allowed_amounts";
  /** Elements of the entries' payments arrays. */
  public static final String PAYMENTS = "payments";
  /** Elements of the payments' providers arrays. */
  public static final String PROVIDERS = "providers";
  /** Entries of the providers' npi arrays. */
  public static final String PROVIDER_NPIS = "provider_npis";

  public static final String REMOTE_FETCHED = "fetched";
  public static final String REMOTE_FAILED = "failed";

  /**
   * The source file as stored, and the size of its JSON once decompressed.
   *
   * @param version the source's version when the run started ({@link InputSource#stat}); null
   *     when the store gives none
   */
  public record Source(
      String uri, long sizeBytes, String compression, long jsonBytes, String version) {
    public Source {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(compression, "compression");
    }

    public Source(String uri, long sizeBytes, String compression, long jsonBytes) {
      this(uri, sizeBytes, compression, jsonBytes, null);
    }
  }

  /** One chunk file; {@code path} is relative to the output directory. */
  public record Chunk(String path, ChunkKind kind, long records, long bytes) {
    public Chunk {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * One remote provider file and the ids whose entries point at it.
   *
   * @param url the URL without its query (signatures are never recorded)
   * @param status {@link #REMOTE_FETCHED} or {@link #REMOTE_FAILED}
   * @param reason why it failed; null when fetched
   * @param providerGroups the file's groups; 0 when it failed
   */
  public record RemoteReference(
      String url, List<String> ids, String status, String reason, long providerGroups) {
    public RemoteReference {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(status, "status");
      ids = List.copyOf(ids);
    }
  }

  public Manifest {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(chunkCodec, "chunkCodec");
    header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    chunks = List.copyOf(chunks);
    remoteReferences = List.copyOf(remoteReferences);
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
