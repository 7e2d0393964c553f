package io.ptlake.spark.catalog;

import io.ptlake.preprocess.storage.S3Uri;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What lies under a table's location: its {@code k1=v1/k2=v2} partition folders (one level per
 * partition key) and the bucket ids of their data files, read from a local folder or an S3 prefix
 * (one paginated listing, no Hadoop file system needed).
 *
 * @param partitions partition folders in value order
 * @param dataFiles data files in all partitions
 * @param maxBucketId highest bucket id among the data files' names, -1 when there is none
 * @param filesWithoutBucketId data files whose name carries no bucket id, as paths relative to the
 *     table's location (at most 10 kept)
 * @param exists whether the location is a folder (locally) or holds any object (on S3, where a
 *     folder is only a prefix): a table the ingest never wrote (a {@code --no-normalized} one)
 *     has none
 */
public record TableListing(
    List<TablePartition> partitions, int dataFiles, int maxBucketId,
    List<String> filesWithoutBucketId, boolean exists) {
  private static final int EXAMPLES = 10;

  public TableListing {
    partitions = List.copyOf(partitions);
    filesWithoutBucketId = List.copyOf(filesWithoutBucketId);
  }

  /**
   * Lists a local table folder whose partitions are {@code k1=v1/k2=v2/...} folders, one level per
   * key of {@code partitionKeys} (none: the data files lie in the folder itself); a missing
   * folder is a table without partitions that does not exist.
   */
  public static TableListing local(Path root, String location, List<String> partitionKeys) {
    Collector collector = new Collector(location, partitionKeys);
    if (!Files.isDirectory(root)) {
      return collector.result();
    }
    collector.exists = true;
    // Partition folders are exactly partitionKeys.size() levels deep, their files one more.
    try (Stream<Path> files = Files.walk(root, partitionKeys.size() + 1)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        collector.object(root.relativize(file).toString().replace(File.separatorChar, '/'));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the table folder " + root, e);
    }
    return collector.result();
  }

  /** Lists {@code s3://bucket/prefix} (or s3a://) with ListObjectsV2, following every page. */
  public static TableListing s3(S3Client s3, String location, List<String> partitionKeys) {
    S3Uri uri = S3Uri.parse(catalogLocation(location));
    String prefix = uri.prefix() + "/";
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(uri.bucket()).prefix(prefix).build();
    Iterable<S3Object> objects = s3.listObjectsV2Paginator(request).contents();
    return of(location, partitionKeys,
        () -> StreamSupport.stream(objects.spliterator(), false)
            .map(object -> object.key().substring(prefix.length())).iterator());
  }

  /**
   * The listing of the objects {@code relativePaths} under {@code location}, as an object store
   * holds them: the location exists when it holds any.
   */
  static TableListing of(String location, List<String> partitionKeys,
      Iterable<String> relativePaths) {
    Collector collector = new Collector(location, partitionKeys);
    for (String path : relativePaths) {
      collector.exists = true;
      collector.object(path);
    }
    return collector.result();
  }

  /**
   * {@code s3://} for Glue and Athena whatever Hadoop scheme names the same objects; Athena reads
   * only {@code s3://} locations.
   */
  public static String catalogLocation(String location) {
    return location.replaceFirst("(?i)^s3[an]://", "s3://").replaceFirst("/+$", "");
  }

  /** Whether {@code location} is on S3, under any of the schemes Hadoop and Glue name it by. */
  public static boolean isS3(String location) {
    return S3Uri.isS3(catalogLocation(location));
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
    private final List<String> folderPrefixes;
    private final Map<String, TablePartition> partitions = new TreeMap<>();
    private final List<String> withoutBucketId = new ArrayList<>();
    private int dataFiles;
    private int maxBucketId = -1;
    private boolean exists;

    Collector(String location, List<String> partitionKeys) {
      this.location = catalogLocation(location);
      this.folderPrefixes = partitionKeys.stream().map(key -> key + "=").toList();
    }

    /**
     * One object under the table's location, by its relative path: a file in a partition folder
     * ({@code k1=v1/k2=v2/name}) counts; anything else (_SUCCESS, Spark's staging folders, a
     * folder of another layout) is not the table's data.
     */
    void object(String relativePath) {
      String[] parts = relativePath.split("/");
      if (parts.length != folderPrefixes.size() + 1) {
        return;
      }
      List<String> values = new ArrayList<>();
      for (int i = 0; i < folderPrefixes.size(); i++) {
        if (!parts[i].startsWith(folderPrefixes.get(i))) {
          return;
        }
        values.add(unescapePathName(parts[i].substring(folderPrefixes.get(i).length())));
      }
      if (!values.isEmpty()) {
        String folder = String.join("/", java.util.Arrays.asList(parts).subList(0, values.size()));
        partitions.computeIfAbsent(folder,
            name -> new TablePartition(values, location + "/" + name));
      }
      String name = parts[parts.length - 1];
      if (!BucketFiles.isDataFile(name)) {
        return;
      }
      dataFiles++;
      OptionalInt bucket = BucketFiles.bucketId(name);
      if (bucket.isPresent()) {
        maxBucketId = Math.max(maxBucketId, bucket.getAsInt());
      } else if (withoutBucketId.size() < EXAMPLES) {
        withoutBucketId.add(relativePath);
      }
    }

    TableListing result() {
      List<TablePartition> sorted = new ArrayList<>(partitions.values());
      sorted.sort(BY_VALUES);
      return new TableListing(sorted, dataFiles, maxBucketId, withoutBucketId, exists);
    }
  }

  /** Partitions in value order, key by key. */
  private static final Comparator<TablePartition> BY_VALUES = (a, b) -> {
    for (int i = 0; i < Math.min(a.values().size(), b.values().size()); i++) {
      int order = a.values().get(i).compareTo(b.values().get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.values().size(), b.values().size());
  };
}
