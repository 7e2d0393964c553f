package io.ptlake.preprocess.storage;

import java.util.Objects;

/** {@code s3://bucket/key}; the key has no leading slash and may be empty (a bucket root). */
public record S3Uri(String bucket, String key) {
  public static final String SCHEME_PREFIX = "s3://";

  public S3Uri {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
  }

  public static boolean isS3(String uri) {
    return uri.regionMatches(true, 0, SCHEME_PREFIX, 0, SCHEME_PREFIX.length());
  }

  public static S3Uri parse(String uri) {
    if (!isS3(uri)) {
      throw new IllegalArgumentException("Cannot parse " + uri + " as an S3 location: no s3:// scheme");
    }
    String rest = uri.substring(SCHEME_PREFIX.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("Cannot parse " + uri + " as an S3 location: no bucket");
    }
    return new S3Uri(bucket, key);
  }

  /** This key as a folder: without trailing slashes. */
  public String prefix() {
    String prefix = key;
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix;
  }

  /** The key of {@code path} (relative, with {@code /}) under this location as a folder. */
  public String resolve(String path) {
    String prefix = prefix();
    return prefix.isEmpty() ? path : prefix + "/" + path;
  }

  @Override
  public String toString() {
    return SCHEME_PREFIX + bucket + "/" + key;
  }
}
