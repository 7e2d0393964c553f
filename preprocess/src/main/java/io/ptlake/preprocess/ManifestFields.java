package io.ptlake.preprocess;

/** Field names of manifest.json, shared by its writer and its reader. */
final class ManifestFields {
  static final String MANIFEST_FILE = "manifest.json";

  static final String FORMAT = "format";
  static final String TOOL_VERSION = "tool_version";
  static final String SOURCE = "source";
  static final String SOURCE_URI = "uri";
  static final String SOURCE_SIZE_BYTES = "size_bytes";
  static final String SOURCE_COMPRESSION = "compression";
  static final String SOURCE_JSON_BYTES = "json_bytes";
  static final String SOURCE_VERSION = "version";
  static final String FILE_TYPE = "file_type";
  static final String HEADER = "header";
  static final String COUNTS = "counts";
  static final String EXPECTED_ROWS = "expected_rows";
  static final String CHUNK_CODEC = "chunk_codec";
  static final String CHUNKS = "chunks";
  static final String CHUNK_PATH = "path";
  static final String CHUNK_KIND = "kind";
  static final String CHUNK_RECORDS = "records";
  static final String CHUNK_BYTES = "bytes";
  static final String REMOTE_REFERENCES = "remote_references";
  static final String REMOTE_URL = "url";
  static final String REMOTE_IDS = "ids";
  static final String REMOTE_STATUS = "status";
  static final String REMOTE_REASON = "reason";
  static final String REMOTE_PROVIDER_GROUPS = "provider_groups";
  static final String CREATED_AT = "created_at";

  private ManifestFields() {}
}
