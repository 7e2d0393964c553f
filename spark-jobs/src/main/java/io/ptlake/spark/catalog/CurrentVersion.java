package io.ptlake.spark.catalog;

import io.ptlake.spark.providers.ReplacedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The version folder a replaced table ({@link ReplacedTable}: providers, taxonomies) is on, found
 * under its folder as its load left it: the one {@code _current} names, else the newest complete
 * one ({@code _SUCCESS}); empty when no load completed. Read from a local folder or S3, like
 * {@link TableListing}.
 */
final class CurrentVersion {
  private static final String COMPLETE = "_SUCCESS";

  private CurrentVersion() {}

  /** The version folder's URI under the local table folder {@code location} (a file: URI). */
  static Optional<String> local(String location) {
    Path folder = Path.of(URI.create(location));
    if (!Files.isDirectory(folder)) {
      return Optional.empty();
    }
    try {
      Path note = folder.resolve(ReplacedTable.CURRENT);
      if (Files.exists(note)) {
        String named = Files.readString(note, StandardCharsets.UTF_8).strip();
        if (Files.exists(folder.resolve(named).resolve(COMPLETE))) {
          return Optional.of(location + "/" + named);
        }
      }
      TreeSet<String> complete = new TreeSet<>();
      try (Stream<Path> children = Files.list(folder)) {
        children.filter(child -> child.getFileName().toString()
                .startsWith(ReplacedTable.VERSION_PREFIX))
            .filter(child -> Files.exists(child.resolve(COMPLETE)))
            .forEach(child -> complete.add(child.getFileName().toString()));
      }
      return complete.isEmpty() ? Optional.empty()
          : Optional.of(location + "/" + complete.last());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the table folder " + folder, e);
    }
  }

  /** The same under {@code s3://bucket/prefix} (or s3a://). */
  static Optional<String> s3(S3Client s3, String location) {
    URI uri = URI.create(location);
    String bucket = uri.getHost();
    String prefix = uri.getPath().replaceFirst("^/", "").replaceFirst("/?$", "/");
    try {
      String named = s3.getObjectAsBytes(request -> request.bucket(bucket)
          .key(prefix + ReplacedTable.CURRENT)).asUtf8String().strip();
      if (exists(s3, bucket, prefix + named + "/" + COMPLETE)) {
        return Optional.of(location.replaceFirst("/+$", "") + "/" + named);
      }
    } catch (NoSuchKeyException missing) {
      // A load killed between its switch and the note: the newest complete version.
    }
    TreeSet<String> complete = new TreeSet<>();
    for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket)
        .prefix(prefix + ReplacedTable.VERSION_PREFIX)).contents()) {
      String relative = object.key().substring(prefix.length());
      if (relative.endsWith("/" + COMPLETE) && relative.indexOf('/') == relative.lastIndexOf('/')) {
        complete.add(relative.substring(0, relative.indexOf('/')));
      }
    }
    return complete.isEmpty() ? Optional.empty()
        : Optional.of(location.replaceFirst("/+$", "") + "/" + complete.last());
  }

  private static boolean exists(S3Client s3, String bucket, String key) {
    try {
      s3.headObject(request -> request.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException missing) {
      return false;
    }
  }
}
