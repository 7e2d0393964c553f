package io.ptlake.spark.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptlake.preprocess.toc.TocPreprocessor;
import io.ptlake.spark.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's task retries, which a local[N] session does not make: {@code ptlake preprocess-many
 * --master local[2,3]} in a child JVM, with one truncated gzip file among good ones.
 */
class PreprocessManyRetryTest {
  @TempDir Path dir;

  @Test
  void attemptsFollowTheMasterAndSparkTaskMaxFailures() {
    SparkConf conf = new SparkConf();
    assertThat(PreprocessManyJob.maxTaskAttempts("local[2,3]", conf)).isEqualTo(3);
    assertThat(PreprocessManyJob.maxTaskAttempts("local[*, 5]", conf)).isEqualTo(5);
    assertThat(PreprocessManyJob.maxTaskAttempts("local[2]", conf)).isEqualTo(1);
    assertThat(PreprocessManyJob.maxTaskAttempts("local", conf)).isEqualTo(1);
    assertThat(PreprocessManyJob.maxTaskAttempts("yarn", conf)).isEqualTo(4);
    assertThat(PreprocessManyJob.maxTaskAttempts("yarn", conf.set("spark.task.maxFailures", "8")))
        .isEqualTo(8);
  }

  @Test
  void aBrokenFileIsTriedThreeTimesThenReportedWhileTheOthersComplete() throws Exception {
    List<Path> files = PreprocessManyJobTest.generate(dir.resolve("in"));
    byte[] gzip = Files.readAllBytes(files.get(1));
    Path broken = dir.resolve("in").resolve("broken.json.gz");
    Files.write(broken, Arrays.copyOf(gzip, gzip.length / 2));
    Path out = dir.resolve("out");
    Path stdout = dir.resolve("stdout");
    Path stderr = dir.resolve("stderr");
    List<String> command = ChildJvm.ptlake(List.of("-Xmx512m"), "preprocess-many",
        dir.resolve("in").toString(), "--out", out.toString(), "--master", "local[2,3]",
        "--chunk-mb", "1");
    Process child = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(child.exitValue()).as(Files.readString(stderr)).isEqualTo(1);
    String report = Files.readString(stdout);
    assertThat(report).contains("\"max_attempts\" : 3", "\"processed\" : 3", "\"failed\" : 1")
        .containsPattern("\"source\" : \"" + broken + "\",[^}]*\"status\" : \"failed\",[^}]*"
            + "\"attempts\" : 3,[^}]*\"error\" : \"Cannot preprocess " + broken
            + ": Cannot decompress gzip \\(Unexpected end of ZLIB input stream\\)");
    for (Path file : files) {
      assertThat(report).containsPattern("\"source\" : \"" + file
          + "\",[^}]*\"status\" : \"processed\",[^}]*\"attempts\" : 1,");
      assertThat(out.resolve(TocPreprocessor.stableName(file.toString()))
          .resolve("manifest.json")).exists();
    }
    assertThat(out.resolve(TocPreprocessor.stableName(broken.toString()))
        .resolve("manifest.json")).doesNotExist();
  }
}
