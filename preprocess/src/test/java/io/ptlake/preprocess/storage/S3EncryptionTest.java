package io.ptlake.preprocess.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.preprocess.remote.NetworkPolicy;
import io.ptlake.preprocess.storage.S3WireRecorder.Request;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Server-side encryption of every S3 write: the headers that arrive on the wire from a client
 * {@link AwsClientFactory} configured, recorded by {@link S3WireRecorder} (s3proxy, used by
 * {@link S3StorageTest}, answers 501 NotImplemented to these headers, so it cannot take them).
 */
class S3EncryptionTest {
  private static final String KEY_ARN =
      "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

  @Test
  void sseS3PutsAes256OnEveryPutAndMultipartUploadButNotOnParts() throws Exception {
    List<Request> sent = writeAll(StorageProperties.builder().sse("s3"));

    assertThat(writes(sent))
        .containsExactly(
            new Request("PutObject", Optional.of("AES256"), Optional.empty()),
            new Request("CreateMultipartUpload", Optional.of("AES256"), Optional.empty()),
            new Request("PutObject", Optional.of("AES256"), Optional.empty()));
    assertThat(others(sent))
        .extracting(Request::operation)
        .containsExactly("UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload");
    assertThat(others(sent)).allSatisfy(s -> assertThat(s.sse()).isEmpty());
  }

  @Test
  void sseKmsSendsTheKeyWithEveryWrite() throws Exception {
    List<Request> sent = writeAll(
        StorageProperties.builder().sse(ServerSideEncryption.KMS).sseKmsKeyId(KEY_ARN));

    assertThat(writes(sent))
        .extracting(Request::operation)
        .containsExactly("PutObject", "CreateMultipartUpload", "PutObject");
    assertThat(writes(sent))
        .allSatisfy(
            s -> {
              assertThat(s.sse()).contains("aws:kms");
              assertThat(s.kmsKey()).contains(KEY_ARN);
            });
    assertThat(others(sent))
        .allSatisfy(s -> assertThat(s.sse().isPresent() || s.kmsKey().isPresent()).isFalse());
  }

  @Test
  void sseKmsWithoutAKeyLeavesTheKeyToS3() throws Exception {
    List<Request> sent = writeAll(StorageProperties.builder().sse("KMS"));

    assertThat(writes(sent))
        .hasSize(3)
        .allSatisfy(s -> assertThat(s).isEqualTo(new Request(s.operation(), Optional.of("aws:kms"),
            Optional.empty())));
  }

  @Test
  void noneSendsNoEncryptionHeaderSoTheBucketDefaultApplies() throws Exception {
    List<Request> sent = writeAll(StorageProperties.builder());

    assertThat(writes(sent)).hasSize(3);
    assertThat(sent).allSatisfy(s -> assertThat(s.sse().isPresent() || s.kmsKey().isPresent())
        .isFalse());
  }

  @Test
  void aFailedMultipartUploadIsAbortedWithoutEncryptionHeaders() throws Exception {
    try (S3WireRecorder recorder = S3WireRecorder.start()) {
      StorageProperties properties = properties(StorageProperties.builder().sse("s3"), recorder);
      try (S3Client s3 = client(properties);
          Storage storage = Storage.withClients(properties, s3, NetworkPolicy.publicOnly())) {
        S3OutputLocation out = (S3OutputLocation) storage.output("s3://lake/aborted");
        S3OutputStream stream = (S3OutputStream) out.create("big.jsonl");
        stream.write(new byte[(int) StorageProperties.PART_SIZE_MIN + 1]);
        stream.abort();
      }
      assertThat(recorder.requests())
          .containsExactly(
              new Request("CreateMultipartUpload", Optional.of("AES256"), Optional.empty()),
              new Request("UploadPart", Optional.empty(), Optional.empty()),
              new Request("AbortMultipartUpload", Optional.empty(), Optional.empty()));
    }
  }

  @Test
  void optionsAreCheckedOnce() {
    assertThat(StorageProperties.defaults().sse()).isEqualTo(ServerSideEncryption.NONE);
    assertThat(options().properties().sse()).isEqualTo(StorageProperties.SSE_DEFAULT);
    StorageProperties kms = options("--sse", "kms", "--sse-kms-key-id", KEY_ARN).properties();
    assertThat(kms.sse()).isEqualTo(ServerSideEncryption.KMS);
    assertThat(kms.sseKmsKeyId()).contains(KEY_ARN);
    assertThat(options("--sse", "s3").properties().sse()).isEqualTo(ServerSideEncryption.S3);

    assertThatThrownBy(() -> options("--sse", "aes").properties())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3.sse 'aes': expected none, s3 or kms");
    assertThatThrownBy(() -> options("--sse", "s3", "--sse-kms-key-id", KEY_ARN).properties())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only with s3.sse=kms, not s3");
    assertThatThrownBy(() -> options("--sse-kms-key-id", KEY_ARN).properties())
        .hasMessageContaining("not none");
    assertThatThrownBy(() -> options("--sse", "kms", "--sse-kms-key-id", " ").properties())
        .hasMessageContaining("Invalid s3.sse-kms-key-id");
  }

  /** Writes a small file, a multipart file and a published file (the manifest's way). */
  private static List<Request> writeAll(StorageProperties.Builder builder) throws Exception {
    try (S3WireRecorder recorder = S3WireRecorder.start()) {
      StorageProperties properties = properties(builder, recorder);
      try (S3Client s3 = client(properties);
          Storage storage = Storage.withClients(properties, s3, NetworkPolicy.publicOnly())) {
        S3OutputLocation out = (S3OutputLocation) storage.output("s3://lake/staging/run");
        try (OutputStream small = out.create("small.jsonl")) {
          small.write("{}\n".getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream big = out.create("big.jsonl")) {
          big.write(new byte[(int) StorageProperties.PART_SIZE_MIN * 2 + 1000]);
        }
        out.publish("manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
      }
      return recorder.requests();
    }
  }

  private static StorageProperties properties(
      StorageProperties.Builder builder, S3WireRecorder recorder) {
    return builder.region("us-east-1")
        .endpoint(recorder.endpoint())
        .partSize(StorageProperties.PART_SIZE_MIN)
        .uploadParallelism(1)
        .build();
  }

  /** The client the preprocessor would build, with static credentials instead of the chain. */
  private static S3Client client(StorageProperties properties) {
    return new AwsClientFactory(properties)
        .configure(S3Client.builder())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("ptlake-test", "ptlake-test-secret")))
        .build();
  }

  private static List<Request> writes(List<Request> sent) {
    return sent.stream().filter(Request::createsAnObject).collect(Collectors.toList());
  }

  private static List<Request> others(List<Request> sent) {
    return sent.stream().filter(s -> !s.createsAnObject()).collect(Collectors.toList());
  }

  private static StorageOptions options(String... args) {
    Options command = new Options();
    new CommandLine(command).parseArgs(args);
    return command.storage;
  }

  @Command(name = "options")
  static final class Options {
    @Mixin StorageOptions storage;
  }
}
