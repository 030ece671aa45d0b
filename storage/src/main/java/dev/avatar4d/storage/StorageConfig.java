package dev.avatar4d.storage;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where the object store is and how to sign requests to it.
 *
 * <p>Environment variables read by {@link #fromEnv(Map)}:
 *
 * <ul>
 *   <li>{@value #ENV_ENDPOINT} (required): e.g. {@code http://127.0.0.1:9000}
 *   <li>{@value #ENV_ACCESS_KEY} (required)
 *   <li>{@value #ENV_SECRET_KEY} (required)
 *   <li>{@value #ENV_BUCKET}: default {@value #DEFAULT_BUCKET}
 *   <li>{@value #ENV_REGION}: default {@value #DEFAULT_REGION}
 * </ul>
 *
 * @param endpoint http(s) URL of the S3 API, no path
 * @param accessKey access key id
 * @param secretKey secret access key
 * @param bucket the one bucket Avatar4D uses
 * @param region signing region (fixed, so the client never asks the server for it)
 */
public record StorageConfig(
    String endpoint, String accessKey, String secretKey, String bucket, String region) {

  /** S3 endpoint URL. */
  public static final String ENV_ENDPOINT = "AVATAR4D_S3_ENDPOINT";

  /** Access key id. */
  public static final String ENV_ACCESS_KEY = "AVATAR4D_S3_ACCESS_KEY";

  /** Secret access key. */
  public static final String ENV_SECRET_KEY = "AVATAR4D_S3_SECRET_KEY";

  /** Bucket name. */
  public static final String ENV_BUCKET = "AVATAR4D_S3_BUCKET";

  /** Signing region. */
  public static final String ENV_REGION = "AVATAR4D_S3_REGION";

  public static final String DEFAULT_BUCKET = "avatar4d";
  public static final String DEFAULT_REGION = "us-east-1";

  public StorageConfig {
    requireText(endpoint, "endpoint", ENV_ENDPOINT);
    requireText(accessKey, "accessKey", ENV_ACCESS_KEY);
    requireText(secretKey, "secretKey", ENV_SECRET_KEY);
    requireText(bucket, "bucket", ENV_BUCKET);
    requireText(region, "region", ENV_REGION);
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV_ENDPOINT + " is not a URL: " + endpoint, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          ENV_ENDPOINT + " must be an http(s) URL with a host, got: " + endpoint);
    }
    // S3 bucket naming rules, the subset that matters for us.
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          ENV_BUCKET + " is not a valid bucket name (3-63 of a-z 0-9 . -): " + bucket);
    }
  }

  /** Reads the configuration from environment variables (see the class comment). */
  public static StorageConfig fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    return new StorageConfig(
        required(env, ENV_ENDPOINT),
        required(env, ENV_ACCESS_KEY),
        required(env, ENV_SECRET_KEY),
        env.getOrDefault(ENV_BUCKET, DEFAULT_BUCKET),
        env.getOrDefault(ENV_REGION, DEFAULT_REGION));
  }

  /** The same store with another bucket. */
  public StorageConfig withBucket(String otherBucket) {
    return new StorageConfig(endpoint, accessKey, secretKey, otherBucket, region);
  }

  /** This configuration as the environment variables {@link #fromEnv(Map)} reads. */
  public Map<String, String> toEnv() {
    return Map.of(
        ENV_ENDPOINT, endpoint,
        ENV_ACCESS_KEY, accessKey,
        ENV_SECRET_KEY, secretKey,
        ENV_BUCKET, bucket,
        ENV_REGION, region);
  }

  /** Never prints the secret key. */
  @Override
  public String toString() {
    return "StorageConfig[endpoint="
        + endpoint
        + ", accessKey="
        + accessKey
        + ", secretKey=***, bucket="
        + bucket
        + ", region="
        + region
        + "]";
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing environment variable " + name);
    }
    return value.strip();
  }

  private static void requireText(String value, String field, String envName) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required (" + envName + ")");
    }
  }
}
