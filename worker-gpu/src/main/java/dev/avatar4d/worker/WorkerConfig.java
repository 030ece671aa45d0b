package dev.avatar4d.worker;

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
 * @param shareGroup {@code AVATAR4D_WORKER_GROUP}, the Kafka share group all workers join, default {@value #DEFAULT_SHARE_GROUP}
 * @param weightsDir {@code AVATAR4D_WEIGHTS_DIR}, folder with one weights file per preset, named
 *     {@code <preset>.safetensors}; a preset without a file runs on seeded random (untrained) weights
 * @param device {@code AVATAR4D_DEVICE}: {@code auto} (GPU when DJL sees one), {@code cpu} or {@code gpu}
 * @param seed {@code AVATAR4D_SEED}, seed of the untrained weights, default {@value #DEFAULT_SEED}
 * @param maxAttempts {@code AVATAR4D_MAX_ATTEMPTS}: deliveries of one job before it is dead-lettered, default {@value #DEFAULT_MAX_ATTEMPTS}
 * @param leaseRenewInterval {@code AVATAR4D_LEASE_RENEW_MS}: how often a running job's Kafka lock is renewed, default 5 s
 */
public record WorkerConfig(
    String kafkaBootstrap,
    String workerId,
    String shareGroup,
    Optional<Path> weightsDir,
    String device,
    long seed,
    int maxAttempts,
    Duration leaseRenewInterval) {

  public static final String DEFAULT_SHARE_GROUP = "avatar-workers";
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_LEASE_RENEW = Duration.ofSeconds(5);

  public WorkerConfig {
    if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
      throw new IllegalArgumentException("AVATAR4D_KAFKA_BOOTSTRAP must be set (host:port of the Kafka broker)");
    }
    if (!device.equals("auto") && !device.equals("cpu") && !device.equals("gpu")) {
      throw new IllegalArgumentException("AVATAR4D_DEVICE must be auto, cpu or gpu, got " + device);
    }
    if (maxAttempts < 1 || maxAttempts > 5) {
      // The broker archives a record after group.share.delivery.count.limit (default 5) deliveries
      // without telling anyone; we must dead-letter it ourselves before that happens.
      throw new IllegalArgumentException("AVATAR4D_MAX_ATTEMPTS must be between 1 and 5, got " + maxAttempts);
    }
    if (leaseRenewInterval.isNegative() || leaseRenewInterval.isZero()) {
      throw new IllegalArgumentException("AVATAR4D_LEASE_RENEW_MS must be positive");
    }
  }

  /** Our weights file for {@code preset}, when the weights folder has one. */
  public Optional<Path> weightsFor(String preset) {
    return weightsDir.map(dir -> dir.resolve(preset + ".safetensors")).filter(java.nio.file.Files::isRegularFile);
  }

  /** Reads the configuration from {@code env}, failing with the name of the first bad variable. */
  public static WorkerConfig fromEnv(Map<String, String> env) {
    return new WorkerConfig(
        env.get("AVATAR4D_KAFKA_BOOTSTRAP"),
        env.getOrDefault("AVATAR4D_WORKER_ID", defaultWorkerId()),
        env.getOrDefault("AVATAR4D_WORKER_GROUP", DEFAULT_SHARE_GROUP),
        Optional.ofNullable(env.get("AVATAR4D_WEIGHTS_DIR")).filter(s -> !s.isBlank()).map(Path::of),
        env.getOrDefault("AVATAR4D_DEVICE", "auto"),
        parseLong(env, "AVATAR4D_SEED", DEFAULT_SEED),
        (int) parseLong(env, "AVATAR4D_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS),
        Duration.ofMillis(parseLong(env, "AVATAR4D_LEASE_RENEW_MS", DEFAULT_LEASE_RENEW.toMillis())));
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
