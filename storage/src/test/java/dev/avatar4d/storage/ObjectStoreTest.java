package dev.avatar4d.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ObjectStore against a real EmbeddedS3Server through the MinIO SDK. */
class ObjectStoreTest {
  @TempDir static Path dir;
  static EmbeddedS3Server server;
  static ObjectStore store;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    long t0 = System.nanoTime();
    server = EmbeddedS3Server.start(dir, 0, "test-access", "test-secret-key");
    System.out.printf("S3 started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    store = ObjectStore.connect(server.config("avatar4d"));
  }

  @AfterAll
  static void stop() {
    store.close();
    server.close();
  }

  @Test
  void aPutObjectComesBackWithTheSameBytesAndItsSha256() {
    byte[] bytes = "hello avatar".getBytes(StandardCharsets.UTF_8);
    String key = JobKeys.source(UUID.randomUUID(), "png");

    StoredObject stored = store.put(key, bytes, "image/png");

    assertThat(stored.key()).isEqualTo(key);
    assertThat(stored.size()).isEqualTo(bytes.length);
    assertThat(stored.sha256()).isEqualTo(Sha256.hex(bytes)).matches("[0-9a-f]{64}");
    assertThat(stored.mediaType()).isEqualTo("image/png");
    assertThat(store.get(key)).isEqualTo(bytes);
    assertThat(store.exists(key)).isTrue();
  }

  @Test
  void theSha256IsTheStandardOne() {
    assertThat(store.put("misc/abc", "abc".getBytes(StandardCharsets.US_ASCII), null).sha256())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void listReturnsEveryKeyUnderAPrefixInOrder() {
    UUID job = UUID.randomUUID();
    store.put(run(job).frame("front", 1), new byte[] {1}, "image/png");
    store.put(run(job).frame("front", 0), new byte[] {0}, "image/png");
    store.put(run(job).video("front"), new byte[] {2}, "video/mp4");
    store.put(JobKeys.source(job, "jpg"), new byte[] {3}, "image/jpeg");

    assertThat(store.list(JobKeys.outputPrefix(job)))
        .containsExactly(
            run(job).frame("front", 0), run(job).frame("front", 1), run(job).video("front"));
    assertThat(store.list(JobKeys.jobPrefix(job))).hasSize(4);
    assertThat(store.list("jobs/" + UUID.randomUUID() + "/")).isEmpty();
  }

  @Test
  void deletePrefixRemovesOnlyThatPrefix() {
    UUID job = UUID.randomUUID();
    store.put(run(job).frame("left", 0), new byte[] {1}, "image/png");
    store.put(run(job).depth("left", 0), new byte[] {1}, "image/png");
    store.put(JobKeys.source(job, "png"), new byte[] {1}, "image/png");

    store.deletePrefix(JobKeys.outputPrefix(job));

    assertThat(store.list(JobKeys.jobPrefix(job))).containsExactly(JobKeys.source(job, "png"));
    assertThatThrownBy(() -> store.deletePrefix("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingObjectRaisesObjectNotFound() {
    String key = run(UUID.randomUUID()).manifest();
    assertThatThrownBy(() -> store.get(key))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining(key);
    assertThat(store.exists(key)).isFalse();
  }

  @Test
  void aPresignedUrlServesTheBytesWithoutCredentials() throws Exception {
    byte[] bytes = new byte[200_000];
    new java.util.Random(7).nextBytes(bytes);
    String key = run(UUID.randomUUID()).video("front");
    store.put(key, bytes, "video/mp4");

    var uri = store.presignedGet(key, Duration.ofMinutes(5));
    HttpResponse<byte[]> res =
        HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo(bytes);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("video/mp4");
  }

  @Test
  void aPresignedUrlStopsWorkingAfterItsTtl() throws Exception {
    String key = run(UUID.randomUUID()).frame("front", 0);
    store.put(key, new byte[] {9, 9}, "image/png");

    var uri = store.presignedGet(key, Duration.ofSeconds(1));
    Thread.sleep(2_100);
    HttpResponse<String> res =
        HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(res.statusCode()).isEqualTo(403);
  }

  @Test
  void aTamperedPresignedUrlIsRefused() throws Exception {
    String key = run(UUID.randomUUID()).frame("front", 0);
    store.put(key, new byte[] {1}, "image/png");
    String url = store.presignedGet(key, Duration.ofMinutes(1)).toString();
    var other = java.net.URI.create(url.replace("/0000.png", "/0001.png"));

    HttpResponse<String> res =
        HTTP.send(HttpRequest.newBuilder(other).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(res.statusCode()).isEqualTo(403);
  }

  @Test
  void theStoreIsReachableWhileTheServerRunsAndNotAtAClosedPort() throws Exception {
    assertThat(store.isReachable()).isTrue();
    int freePort;
    try (var s = new java.net.ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    var nowhere =
        new StorageConfig("http://127.0.0.1:" + freePort, "a", "b", "avatar4d", "us-east-1");
    assertThatThrownBy(() -> ObjectStore.connect(nowhere))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("127.0.0.1:" + freePort);
  }

  @Test
  void wrongCredentialsAreRefused() {
    var bad = new StorageConfig(server.endpoint(), "test-access", "wrong", "avatar4d", "us-east-1");
    assertThatThrownBy(() -> ObjectStore.connect(bad)).isInstanceOf(StorageException.class);
  }

  /** The keys of attempt 1 of {@code job}, with a fixed run id so that keys are predictable. */
  private static AttemptKeys run(UUID job) {
    return new AttemptKeys(job, 1, "00c0ffee");
  }
}
