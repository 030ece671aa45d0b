package dev.avatar4d.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The one bucket of an S3-compatible store (MinIO in production, {@link EmbeddedS3Server} locally),
 * through the MinIO Java SDK. Thread-safe; share one instance per process.
 *
 * <p>All failures are unchecked: {@link ObjectNotFoundException} for a missing object, {@link
 * StorageException} for everything else.
 */
public final class ObjectStore implements AutoCloseable {
  /** The default media type when a caller passes none. */
  public static final String OCTET_STREAM = "application/octet-stream";

  /** S3's limit on one presigned URL's lifetime. */
  public static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration IO_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final int DELETE_BATCH = 1000;
  private static final Set<String> NOT_FOUND_CODES =
      Set.of("NoSuchKey", "NoSuchObject", "NoSuchBucket", "ResourceNotFound");

  private final StorageConfig config;
  private final OkHttpClient http;
  private final MinioClient client;
  private final MinioClient probe;

  private ObjectStore(StorageConfig config) {
    this.config = config;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(CONNECT_TIMEOUT)
            .readTimeout(IO_TIMEOUT)
            .writeTimeout(IO_TIMEOUT)
            .build();
    this.client = newClient(http);
    // Health checks must answer quickly even when the store hangs.
    this.probe = newClient(http.newBuilder().callTimeout(PROBE_TIMEOUT).build());
  }

  private MinioClient newClient(OkHttpClient httpClient) {
    return MinioClient.builder()
        .endpoint(config.endpoint())
        .credentials(config.accessKey(), config.secretKey())
        .region(config.region())
        .httpClient(httpClient)
        .build();
  }

  /** Connects and creates the bucket if it is missing. Fails if the store cannot be reached. */
  public static ObjectStore connect(StorageConfig cfg) {
    Objects.requireNonNull(cfg, "cfg");
    ObjectStore store = new ObjectStore(cfg);
    try {
      store.ensureBucket();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The configuration this store was opened with. */
  public StorageConfig config() {
    return config;
  }

  private void ensureBucket() {
    call(
        "create bucket " + config.bucket(),
        () -> {
          String bucket = config.bucket();
          if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
              client.makeBucket(
                  MakeBucketArgs.builder().bucket(bucket).region(config.region()).build());
            } catch (ErrorResponseException e) {
              // Another process created it between our check and our create.
              String code = e.errorResponse().code();
              if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw e;
              }
            }
          }
          return null;
        });
  }

  /** Stores {@code bytes} under {@code key}, replacing any previous object. */
  public StoredObject put(String key, byte[] bytes, String mediaType) {
    requireKey(key);
    Objects.requireNonNull(bytes, "bytes");
    String type = mediaType == null || mediaType.isBlank() ? OCTET_STREAM : mediaType;
    String sha256 = Sha256.hex(bytes);
    call(
        "put " + key,
        () ->
            client.putObject(
                PutObjectArgs.builder().bucket(config.bucket()).object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                    .contentType(type)
                    .build()));
    return new StoredObject(key, bytes.length, sha256, type);
  }

  /** The object's bytes; {@link ObjectNotFoundException} when it does not exist. */
  public byte[] get(String key) {
    requireKey(key);
    return call(
        "get " + key,
        () -> {
          try (GetObjectResponse in =
              client.getObject(
                  GetObjectArgs.builder().bucket(config.bucket()).object(key).build())) {
            return in.readAllBytes();
          }
        });
  }

  /** Whether an object exists under exactly this key. */
  public boolean exists(String key) {
    requireKey(key);
    try {
      call(
          "stat " + key,
          () ->
              client.statObject(
                  StatObjectArgs.builder().bucket(config.bucket()).object(key).build()));
      return true;
    } catch (ObjectNotFoundException e) {
      return false;
    }
  }

  /** Every key starting with {@code prefix} (all levels), in lexicographic order. */
  public List<String> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return call(
        "list " + prefix,
        () -> {
          List<String> keys = new ArrayList<>();
          for (Result<Item> r :
              client.listObjects(
                  ListObjectsArgs.builder()
                      .bucket(config.bucket())
                      .prefix(prefix)
                      .recursive(true)
                      .build())) {
            Item item = r.get();
            if (!item.isDir()) {
              keys.add(item.objectName());
            }
          }
          keys.sort(null);
          return keys;
        });
  }

  /**
   * Deletes every object whose key starts with {@code prefix}. An empty prefix is refused: it would
   * empty the bucket.
   */
  public void deletePrefix(String prefix) {
    requireKey(prefix);
    List<String> keys = list(prefix);
    for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
      List<DeleteObject> batch = new ArrayList<>();
      for (String k : keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH))) {
        batch.add(new DeleteObject(k));
      }
      call(
          "delete " + prefix,
          () -> {
            // The SDK deletes lazily: nothing happens until the results are iterated.
            for (Result<DeleteError> r :
                client.removeObjects(
                    RemoveObjectsArgs.builder().bucket(config.bucket()).objects(batch).build())) {
              DeleteError err = r.get();
              throw new StorageException(
                  "delete " + err.objectName() + " failed: " + err.code() + " " + err.message());
            }
            return null;
          });
    }
  }

  /**
   * A URL that lets anyone GET the object for {@code ttl} (1 s to 7 days, whole seconds; a fraction
   * rounds up). The object need not exist yet.
   */
  public URI presignedGet(String key, Duration ttl) {
    requireKey(key);
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_PRESIGN_TTL) > 0) {
      throw new IllegalArgumentException("ttl must be within (0, 7 days]: " + ttl);
    }
    long seconds = ttl.toSeconds() + (ttl.toNanosPart() > 0 ? 1 : 0);
    return call(
        "presign " + key,
        () ->
            URI.create(
                client.getPresignedObjectUrl(
                    GetPresignedObjectUrlArgs.builder()
                        .method(Method.GET)
                        .bucket(config.bucket())
                        .object(key)
                        .expiry(
                            (int) Math.min(seconds, MAX_PRESIGN_TTL.toSeconds()), TimeUnit.SECONDS)
                        .build())));
  }

  /** A cheap probe for health checks: the bucket can be queried within 2 s. Never throws. */
  public boolean isReachable() {
    try {
      return probe.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build());
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    // Both clients share one connection pool and dispatcher; release them once.
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private static void requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
  }

  @FunctionalInterface
  private interface S3Call<T> {
    T run() throws Exception;
  }

  private <T> T call(String what, S3Call<T> body) {
    try {
      return body.run();
    } catch (ErrorResponseException e) {
      String code = e.errorResponse().code();
      if (NOT_FOUND_CODES.contains(code)) {
        throw new ObjectNotFoundException(
            e.errorResponse().objectName() != null ? e.errorResponse().objectName() : what);
      }
      throw new StorageException(what + " failed: " + code + " " + e.errorResponse().message(), e);
    } catch (StorageException e) {
      throw e;
    } catch (Exception e) {
      throw new StorageException(what + " failed at " + config.endpoint() + ": " + e, e);
    }
  }
}
