package dev.avatar4d.worker.config;

import dev.avatar4d.protocol.DurationText;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a worker reads at start, from environment variables.
 *
 * @param kafkaBootstrap {@code AVATAR4D_KAFKA_BOOTSTRAP}, required
 * @param workerId {@code AVATAR4D_WORKER_ID}, default host name and process id
 * @param shareGroup {@code AVATAR4D_WORKER_GROUP}, the Kafka share group all workers join, default
 *     {@value #DEFAULT_SHARE_GROUP}
 * @param weightsDir {@code AVATAR4D_WEIGHTS_DIR}, folder with one weights file per preset, named
 *     {@code <preset>.safetensors}; a preset without a file runs on seeded random (untrained)
 *     weights
 * @param device {@code AVATAR4D_DEVICE}: {@code auto} (GPU when DJL sees one), {@code cpu} or
 *     {@code gpu}
 * @param seed {@code AVATAR4D_SEED}, seed of the untrained weights, default {@value #DEFAULT_SEED}
 * @param maxAttempts {@code AVATAR4D_MAX_ATTEMPTS}: deliveries of one job before it is
 *     dead-lettered, default {@value #DEFAULT_MAX_ATTEMPTS}
 * @param leaseRenewInterval {@code AVATAR4D_LEASE_RENEW_MS}: how often a running job's Kafka lock
 *     is renewed, default 5 s; must stay well below the broker's {@code
 *     group.share.record.lock.duration.ms} (30 s by default), which the worker cannot read: a lock
 *     that expires between renewals is handed to another run
 * @param jobTimeout {@code AVATAR4D_JOB_TIMEOUT}: longest one attempt may run before it is stopped
 *     and the job FAILED (not retried: it would run away again), as {@code 30m}, {@code 90s},
 *     {@code 500ms} or ISO-8601 {@code PT30M}; default 30 min, at most 24 h
 * @param retryInitialBackoff {@code AVATAR4D_RETRY_INITIAL_BACKOFF_MS}: cap of the wait before the
 *     first in-process retry of a failed object-store step, doubled for each further retry; default
 *     250 ms
 * @param retryMaxBackoff {@code AVATAR4D_RETRY_MAX_BACKOFF_MS}: largest wait between two tries,
 *     default 15 s; each wait is a random value between half the cap and the cap
 * @param storageRetries {@code AVATAR4D_STORAGE_RETRIES}: how often a failed object-store step is
 *     retried in-process before the attempt hands the job back to the queue, 0 to 10, default
 *     {@value #DEFAULT_STORAGE_RETRIES}
 * @param viewsPerCall {@code AVATAR4D_VIEWS_PER_CALL}: most views rendered by one synthesizer call,
 *     1 to 64, default {@value #DEFAULT_VIEWS_PER_CALL}. A job is checked for cancellation between
 *     calls, so one call is the longest a cancel can wait for; the volume renderer loops over the
 *     cameras of a call anyway, so smaller calls cost no measurable throughput (lite on 2 CPU
 *     cores: six single-view calls ≈ one six-view call ≈ 1 s). Halved for the rest of a job when
 *     the device runs out of memory.
 * @param outputFramesInFlight {@code AVATAR4D_OUTPUT_FRAMES_IN_FLIGHT}: frames a writer thread
 *     encodes and stores while the next frame renders, 0 to 8, default {@value
 *     #DEFAULT_OUTPUT_FRAMES_IN_FLIGHT}; 0 writes each frame on the job thread between renders.
 *     Each frame in flight holds its rendered views in memory.
 * @param meshGrid {@code AVATAR4D_MESH_GRID}: density samples per axis of a job's mesh (the {@code
 *     mesh} format), {@value #MIN_MESH_GRID} to {@value #MAX_MESH_GRID}, default {@value
 *     #DEFAULT_MESH_GRID}: over the 1.3-unit triplane cube, about a hundredth of a unit per cell,
 *     finer than the lite model's 128² planes resolve
 */
public record WorkerConfig(
    String kafkaBootstrap,
    String workerId,
    String shareGroup,
    Optional<Path> weightsDir,
    String device,
    long seed,
    int maxAttempts,
    Duration leaseRenewInterval,
    Duration jobTimeout,
    Duration retryInitialBackoff,
    Duration retryMaxBackoff,
    int storageRetries,
    int viewsPerCall,
    int outputFramesInFlight,
    int meshGrid) {

  public static final String DEFAULT_SHARE_GROUP = "avatar-workers";
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_LEASE_RENEW = Duration.ofSeconds(5);
  public static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration MAX_JOB_TIMEOUT = Duration.ofHours(24);
  public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(250);
  // Waits are random between half the cap and the cap: these give 23 to 46 s of in-process retries
  // per delivery, so even one delivery rides out a 30 s object-store outage (FaultToleranceTest:
  // with 5 retries capped at 8 s, 2 of 12 jobs gave up during a 30 s outage).
  public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(15);
  public static final int DEFAULT_STORAGE_RETRIES = 8;
  public static final int DEFAULT_VIEWS_PER_CALL = 1;
  public static final int DEFAULT_OUTPUT_FRAMES_IN_FLIGHT = 2;
  public static final int DEFAULT_MESH_GRID = 128;
  public static final int MIN_MESH_GRID = 16;
  // 256³ samples are 67 MB of floats, held twice while the grid is closed at its border; finer
  // grids gain nothing that the planes (at most 256² in the full preset) can show.
  public static final int MAX_MESH_GRID = 256;

  public WorkerConfig {
    if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
      throw new IllegalArgumentException(
          "AVATAR4D_KAFKA_BOOTSTRAP must be set (host:port of the Kafka broker)");
    }
    if (!device.equals("auto") && !device.equals("cpu") && !device.equals("gpu")) {
      throw new IllegalArgumentException("AVATAR4D_DEVICE must be auto, cpu or gpu, got " + device);
    }
    if (maxAttempts < 1 || maxAttempts > 5) {
      // The broker archives a record after group.share.delivery.count.limit (default 5) deliveries
      // without telling anyone; we must dead-letter it ourselves before that happens.
      throw new IllegalArgumentException(
          "AVATAR4D_MAX_ATTEMPTS must be between 1 and 5, got " + maxAttempts);
    }
    if (leaseRenewInterval.isNegative() || leaseRenewInterval.isZero()) {
      throw new IllegalArgumentException("AVATAR4D_LEASE_RENEW_MS must be positive");
    }
    if (jobTimeout.isNegative()
        || jobTimeout.isZero()
        || jobTimeout.compareTo(MAX_JOB_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "AVATAR4D_JOB_TIMEOUT must be positive and at most 24h, got " + jobTimeout);
    }
    if (retryInitialBackoff.isNegative() || retryInitialBackoff.isZero()) {
      throw new IllegalArgumentException("AVATAR4D_RETRY_INITIAL_BACKOFF_MS must be positive");
    }
    if (retryMaxBackoff.compareTo(retryInitialBackoff) < 0
        || retryMaxBackoff.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "AVATAR4D_RETRY_MAX_BACKOFF_MS must be between AVATAR4D_RETRY_INITIAL_BACKOFF_MS and 300000, got "
              + retryMaxBackoff.toMillis());
    }
    if (storageRetries < 0 || storageRetries > 10) {
      throw new IllegalArgumentException(
          "AVATAR4D_STORAGE_RETRIES must be between 0 and 10, got " + storageRetries);
    }
    if (viewsPerCall < 1 || viewsPerCall > 64) {
      throw new IllegalArgumentException(
          "AVATAR4D_VIEWS_PER_CALL must be between 1 and 64, got " + viewsPerCall);
    }
    if (outputFramesInFlight < 0 || outputFramesInFlight > 8) {
      throw new IllegalArgumentException(
          "AVATAR4D_OUTPUT_FRAMES_IN_FLIGHT must be between 0 and 8, got " + outputFramesInFlight);
    }
    if (meshGrid < MIN_MESH_GRID || meshGrid > MAX_MESH_GRID) {
      throw new IllegalArgumentException(
          "AVATAR4D_MESH_GRID must be between "
              + MIN_MESH_GRID
              + " and "
              + MAX_MESH_GRID
              + ", got "
              + meshGrid);
    }
  }

  /** Our weights file for {@code preset}, when the weights folder has one. */
  public Optional<Path> weightsFor(String preset) {
    return weightsDir
        .map(dir -> dir.resolve(preset + ".safetensors"))
        .filter(java.nio.file.Files::isRegularFile);
  }

  /** Reads the configuration from {@code env}, failing with the name of the first bad variable. */
  public static WorkerConfig fromEnv(Map<String, String> env) {
    return new WorkerConfig(
        env.get("AVATAR4D_KAFKA_BOOTSTRAP"),
        env.getOrDefault("AVATAR4D_WORKER_ID", defaultWorkerId()),
        env.getOrDefault("AVATAR4D_WORKER_GROUP", DEFAULT_SHARE_GROUP),
        Optional.ofNullable(env.get("AVATAR4D_WEIGHTS_DIR"))
            .filter(s -> !s.isBlank())
            .map(Path::of),
        env.getOrDefault("AVATAR4D_DEVICE", "auto"),
        parseLong(env, "AVATAR4D_SEED", DEFAULT_SEED),
        (int) parseLong(env, "AVATAR4D_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS),
        Duration.ofMillis(
            parseLong(env, "AVATAR4D_LEASE_RENEW_MS", DEFAULT_LEASE_RENEW.toMillis())),
        parseDuration(env, "AVATAR4D_JOB_TIMEOUT", DEFAULT_JOB_TIMEOUT),
        Duration.ofMillis(
            parseLong(
                env,
                "AVATAR4D_RETRY_INITIAL_BACKOFF_MS",
                DEFAULT_RETRY_INITIAL_BACKOFF.toMillis())),
        Duration.ofMillis(
            parseLong(env, "AVATAR4D_RETRY_MAX_BACKOFF_MS", DEFAULT_RETRY_MAX_BACKOFF.toMillis())),
        (int) parseLong(env, "AVATAR4D_STORAGE_RETRIES", DEFAULT_STORAGE_RETRIES),
        (int) parseLong(env, "AVATAR4D_VIEWS_PER_CALL", DEFAULT_VIEWS_PER_CALL),
        (int) parseLong(env, "AVATAR4D_OUTPUT_FRAMES_IN_FLIGHT", DEFAULT_OUTPUT_FRAMES_IN_FLIGHT),
        (int) parseLong(env, "AVATAR4D_MESH_GRID", DEFAULT_MESH_GRID));
  }

  private static Duration parseDuration(Map<String, String> env, String key, Duration fallback) {
    String value = env.get(key);
    return value == null || value.isBlank() ? fallback : DurationText.parse(key, value);
  }

  private static long parseLong(Map<String, String> env, String key, long fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'");
    }
  }

  private static String defaultWorkerId() {
    // RuntimeMXBean's name is "pid@host".
    String[] pidAtHost = ManagementFactory.getRuntimeMXBean().getName().split("@", 2);
    return pidAtHost.length == 2 ? pidAtHost[1] + "-" + pidAtHost[0] : pidAtHost[0];
  }
}
