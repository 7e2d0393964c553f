package io.ptlake.spark.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What lies under a table's location: its {@code key=value} partition folders and the bucket ids
 * of their data files, read from a local folder or an S3 prefix (one paginated listing, no
 * Hadoop file system needed).
 *
 * @param partitions partition folders in value order
 * @param dataFiles data files in all partitions
 * @param maxBucketId highest bucket id among the data files' names, -1 when there is none
 * @param filesWithoutBucketId data files whose name carries no bucket id (at most 10 kept)
 */
public record TableListing(
    List<TablePartition> partitions, int dataFiles, int maxBucketId,
    List<String> filesWithoutBucketId) {
  private static final int EXAMPLES = 10;

  public TableListing {
    partitions = List.copyOf(partitions);
    filesWithoutBucketId = List.copyOf(filesWithoutBucketId);
  }

  /** Lists a local table folder; a missing folder is a table without partitions. */
  public static TableListing local(Path root, String location, String partitionKey) {
    Collector collector = new Collector(location, partitionKey);
    if (!Files.isDirectory(root)) {
      return collector.result();
    }
    try (Stream<Path> folders = Files.list(root)) {
      for (Path folder : folders.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(folder)) {
          String folderName = folder.getFileName().toString();
          collector.folder(folderName);
          files.filter(Files::isRegularFile)
              .forEach(file -> collector.file(folderName, file.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the table folder " + root, e);
    }
    return collector.result();
  }

  /** Lists {@code s3://bucket/prefix} (or s3a://) with ListObjectsV2, following every page. */
  public static TableListing s3(S3Client s3, String location, String partitionKey) {
    URI uri = URI.create(location);
    String bucket = uri.getHost();
    String prefix = uri.getPath().replaceFirst("^/", "").replaceFirst("/?$", "/");
    Collector collector = new Collector(location, partitionKey);
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
    for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
      String[] parts = object.key().substring(prefix.length()).split("/");
      if (parts.length == 2) {
        collector.folder(parts[0]);
        collector.file(parts[0], parts[1]);
      }
    }
    return collector.result();
  }

  /**
   * {@code s3://} for Glue and Athena whatever Hadoop scheme names the same objects; Athena reads
   * only {@code s3://} locations.
   */
  public static String catalogLocation(String location) {
    return location.replaceFirst("^s3[an]://", "s3://").replaceFirst("/+$", "");
  }

  /** Spark's partition folder names escape special characters as %XX; the values do not. */
  static String unescapePathName(String name) {
    StringBuilder value = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '%' && i + 2 < name.length()
          && isHex(name.charAt(i + 1)) && isHex(name.charAt(i + 2))) {
        value.append((char) Integer.parseInt(name.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        value.append(c);
      }
    }
    return value.toString();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static final class Collector {
    private final String location;
    private final String folderPrefix;
    private final Map<String, TablePartition> partitions = new TreeMap<>();
    private final List<String> withoutBucketId = new ArrayList<>();
    private int dataFiles;
    private int maxBucketId = -1;

    Collector(String location, String partitionKey) {
      this.location = catalogLocation(location);
      this.folderPrefix = partitionKey + "=";
    }

    void folder(String name) {
      if (name.startsWith(folderPrefix) && !partitions.containsKey(name)) {
        String value = unescapePathName(name.substring(folderPrefix.length()));
        partitions.put(name, new TablePartition(List.of(value), location + "/" + name));
      }
    }

    void file(String folder, String name) {
      if (!folder.startsWith(folderPrefix) || !BucketFiles.isDataFile(name)) {
        return;
      }
      dataFiles++;
      OptionalInt bucket = BucketFiles.bucketId(name);
      if (bucket.isPresent()) {
        maxBucketId = Math.max(maxBucketId, bucket.getAsInt());
      } else if (withoutBucketId.size() < EXAMPLES) {
        withoutBucketId.add(folder + "/" + name);
      }
    }

    TableListing result() {
      List<TablePartition> sorted = new ArrayList<>(partitions.values());
      sorted.sort(java.util.Comparator.comparing(p -> p.values().get(0)));
      return new TableListing(sorted, dataFiles, maxBucketId, withoutBucketId);
    }
  }
}
