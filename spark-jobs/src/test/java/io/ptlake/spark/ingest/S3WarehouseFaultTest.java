package io.ptlake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.preprocess.storage.FaultProxy;
import io.ptlake.preprocess.storage.S3TestServer;
import io.ptlake.spark.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.s3a.AWSClientIOException;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest writing its tables to S3 (s3a, the connector Glue 5 and EMR 7 default to) through a
 * proxy that resets connections, answers 503 SlowDown, or takes the store away mid-write. The S3
 * server is s3proxy, so this is the real protocol: the same requests, retries and renames as
 * against Amazon S3.
 */
class S3WarehouseFaultTest {
  private static final String BUCKET = "lake";
  private static final String A = "s3://payer/a.json.gz";
  private static final String B = "s3://payer/b.json.gz";

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static S3TestServer s3;
  private static FaultProxy proxy;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3TestServer.start();
    s3.client().createBucket(b -> b.bucket(BUCKET));
    proxy = new FaultProxy(s3.port(), 200, 0, Set.of());

    spark = SharedSpark.session();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    hadoop.set("fs.s3a.endpoint.region", "us-east-1");
    hadoop.set("fs.s3a.path.style.access", "true");
    hadoop.set("fs.s3a.connection.ssl.enabled", "false");
    hadoop.set("fs.s3a.aws.credentials.provider",
        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop.set("fs.s3a.access.key", S3TestServer.ACCESS_KEY);
    hadoop.set("fs.s3a.secret.key", S3TestServer.SECRET_KEY);
    // Production retry counts with test-sized pauses: a fault costs milliseconds, not seconds.
    hadoop.set("fs.s3a.retry.interval", "20ms");
    hadoop.set("fs.s3a.retry.throttle.interval", "20ms");
    hadoop.set("fs.s3a.attempts.maximum", "3");
    hadoop.set("fs.s3a.retry.limit", "4");
    hadoop.set("fs.s3a.retry.throttle.limit", "4");
    hadoop.set("fs.s3a.connection.establish.timeout", "2000");
    hadoop.set("fs.s3a.connection.timeout", "5000");
    // Hadoop 3.4's default: no DELETE of parent "directory" markers after every PUT.
    hadoop.set("fs.s3a.directory.marker.retention", "keep");
    useEndpoint(proxy.port());
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void resetConnectionsAndSlowDownsDuringTheWriteAreRetriedAndTheRowsAreExact() {
    String database = createDatabase("s3_retried");
    try (FaultProxy faults = new FaultProxy(s3.port(), 200, 6, Set.of(1, 3))) {
      useEndpoint(faults.port());
      IngestReport report = load(database, dir("retried-a", source(A, "2024-05-01", 3)));

      assertThat(faults.cuts()).as("connections reset mid-response").isEqualTo(6);
      assertThat(faults.slowDowns()).as("503 SlowDown answers").isEqualTo(2);
      assertThat(report.writtenRows()).isEqualTo(6);
      assertThat(rows(database)).containsExactlyElementsOf(expectedRows(A, 3));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      useEndpoint(proxy.port());
    }
  }

  @Test
  void anOutageMidWriteLeavesTheTableAsItWasAndTheRerunIsExact() {
    String database = createDatabase("s3_outage");
    load(database, dir("outage-a", source(A, "2024-05-01", 2)));
    List<String> before = rows(database);
    assertThat(before).containsExactlyElementsOf(expectedRows(A, 2));
    List<String> partitionsBefore = partitions(database);

    Path b = dir("outage-b", source(B, "2024-06-01", 3));
    // The store goes away at the first copy: the tasks have put their Parquet files into the
    // staging folder and the commit moves B's partition into the table (s3a renames by copy). The
    // commit fails and cannot clean up either.
    proxy.outageOn("x-amz-copy-source");
    try {
      assertThatThrownBy(() -> load(database, b))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageMatching("Cannot commit s3a://" + BUCKET + "/s3_outage\\.db/in_network_rates/"
              + "\\.ptlake-staging-[0-9a-f-]+ into s3a://" + BUCKET + "/s3_outage\\.db/"
              + "in_network_rates")
          .hasCauseInstanceOf(AWSClientIOException.class)
          .hasRootCauseInstanceOf(SocketException.class);
      assertThat(proxy.outages()).as("the write reached its commit").isEqualTo(1);
    } finally {
      proxy.outage(false);
    }

    assertThat(rows(database)).as("readers see the table as before the failed load")
        .isEqualTo(before);
    assertThat(partitions(database)).isEqualTo(partitionsBefore);

    IngestReport rerun = load(database, b);

    assertThat(rerun.writtenRows()).isEqualTo(6);
    List<String> expected = new ArrayList<>(expectedRows(A, 2));
    expected.addAll(expectedRows(B, 3));
    assertThat(rows(database)).containsExactlyElementsOf(expected.stream().sorted().toList());
  }

  /**
   * {@code codes} items 1001…, each with one rate for group 1 (two NPIs) at one price: 2 rows per
   * code.
   */
  private static PreprocessedFixture source(String uri, String lastUpdatedOn, int codes) {
    PreprocessedFixture fixture = PreprocessedFixture.source(uri)
        .header("last_updated_on", lastUpdatedOn)
        .references("{\"provider_group_id\":\"1\",\"provider_groups\":[{\"npi\":"
            + "[1111111111,2222222222],\"tin\":{\"type\":\"ein\",\"value\":\"1\"}}]}")
        .expectedRows(2L * codes);
    IntStream.range(0, codes).forEach(i -> fixture
        .items("{\"item\":" + i + ",\"billing_code\":\"" + (1001 + i) + "\"}")
        .rates("{\"item\":" + i + ",\"provider_references\":[\"1\"],"
            + "\"negotiated_prices\":[{\"negotiated_rate\":" + (i + 1) + ".5}]}"));
    return fixture;
  }

  /** What {@link #rows} must read for {@link #source}, sorted. */
  private static List<String> expectedRows(String uri, int codes) {
    return IntStream.range(0, codes)
        .boxed()
        .flatMap(i -> List.of(1111111111L, 2222222222L).stream()
            .map(npi -> uri + "|" + (1001 + i) + "|" + npi + "|" + (i + 1) + ".5"))
        .sorted()
        .toList();
  }

  private static List<String> rows(String database) {
    return RowCells.sortedLines(spark.sql("SELECT source_file, billing_code, npi,"
        + " CAST(negotiated_rate AS DOUBLE) FROM " + database + "." + IngestConfig.DEFAULT_TABLE).collectAsList());
  }

  private static List<String> partitions(String database) {
    return spark.sql("SHOW PARTITIONS " + database + "." + IngestConfig.DEFAULT_TABLE)
        .collectAsList().stream().map(row -> row.getString(0)).sorted().toList();
  }

  private static IngestReport load(String database, Path dir) {
    // The denormalized table alone: the normalized ones are written by the same writer, and every
    // S3 request costs the fault proxy and s3proxy a round trip.
    return RateExplodeJob.run(spark, IngestConfig.of(List.of(dir.toString()))
        .withTable(database, IngestConfig.DEFAULT_TABLE)
        .withNormalized(false));
  }

  /** A database whose tables live in the S3 bucket, as on AWS with a lake bucket. */
  private static String createDatabase(String name) {
    spark.sql("CREATE DATABASE " + name + " LOCATION 's3a://" + BUCKET + "/" + name + ".db'");
    return name;
  }

  /**
   * Points the bucket's s3a client at {@code port}. Hadoop caches one file system per bucket and
   * user, whatever the configuration asking for it: the one made here with this endpoint is also
   * the one the embedded metastore gets when it creates database and table folders, though its
   * own configuration was copied when the shared session started, without any s3a settings.
   */
  private static void useEndpoint(int port) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    URI bucket = URI.create("s3a://" + BUCKET + "/");
    try {
      FileSystem.get(bucket, hadoop).close();
      hadoop.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
      FileSystem.get(bucket, hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path dir(String name, PreprocessedFixture fixture) {
    return fixture.writeToNew(tmp, name);
  }
}
