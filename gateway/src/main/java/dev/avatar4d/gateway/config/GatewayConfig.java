package dev.avatar4d.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the gateway reads under {@code avatar4d.*}. Each key can also be given as an
 * environment variable (upper case, dots and dashes as underscores), e.g. {@code
 * AVATAR4D_KAFKA_BOOTSTRAP} for {@code avatar4d.kafka.bootstrap}. The datasource is configured
 * with the standard {@code quarkus.datasource.*} keys and the HTTP port with {@code
 * quarkus.http.port}.
 */
@ConfigMapping(prefix = "avatar4d")
public interface GatewayConfig {

  /** Kafka connection and topics. */
  Kafka kafka();

  /** Object store (S3/MinIO) connection; handed to the storage module. */
  S3 s3();

  /** Limits and defaults of the HTTP API. */
  Api api();

  /** The outbox relay. */
  Outbox outbox();

  /** The job-event consumer. */
  Events events();

  /** Kafka settings. */
  interface Kafka {
    /** Bootstrap servers, comma separated ({@code host:port}). */
    @WithDefault("localhost:9092")
    String bootstrap();

    /** How long a send may block waiting for broker metadata before the relay gives up for this round. */
    @WithDefault("2s")
    Duration maxBlock();

    /** Upper bound for one record's delivery, retries included (Kafka {@code delivery.timeout.ms}). */
    @WithDefault("10s")
    Duration deliveryTimeout();

    /** Timeout of one broker request (Kafka {@code request.timeout.ms}); must be below the delivery timeout. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** How long the readiness check waits for the cluster to answer. */
    @WithDefault("3s")
    Duration healthTimeout();

    /** Create the avatar4d topics at start when they do not exist yet. */
    @WithDefault("true")
    boolean createTopics();

    /** Partitions for topics the gateway creates (bounds how many classic-group consumers share them). */
    @WithDefault("12")
    int partitions();

    /** Replication factor for topics the gateway creates. */
    @WithDefault("1")
    short replicationFactor();
  }

  /**
   * S3 settings. Absent keys fall back to the storage module's defaults ({@code
   * StorageConfig.fromEnv}).
   */
  interface S3 {
    /** Endpoint URL of the S3-compatible server. */
    Optional<String> endpoint();

    /** Access key. */
    Optional<String> accessKey();

    /** Secret key. */
    Optional<String> secretKey();

    /** Bucket that holds inputs and outputs. */
    Optional<String> bucket();

    /** Region name sent to the server. */
    Optional<String> region();
  }

  /** HTTP API settings. */
  interface Api {
    /** Owner recorded on jobs until authentication assigns real tenants. */
    @WithDefault("default")
    String tenant();

    /** Most driving frames one job may have. */
    @WithDefault("300")
    int maxDrivingFrames();

    /** Largest accepted image part, in bytes. */
    @WithDefault("20971520")
    long maxImageBytes();

    /** Lifetime of the presigned output URLs in a job resource. */
    @WithDefault("15m")
    Duration presignTtl();

    /** Page size of {@code GET /v1/jobs} when no {@code limit} is given. */
    @WithDefault("20")
    int defaultPageSize();

    /** Largest {@code limit} accepted by {@code GET /v1/jobs}. */
    @WithDefault("100")
    int maxPageSize();
  }

  /** Outbox relay settings. */
  interface Outbox {
    /** Pause between relay rounds when nothing wakes the relay earlier (new rows do). */
    @WithDefault("0.5s")
    Duration pollInterval();

    /** Most rows relayed per round. */
    @WithDefault("100")
    int batchSize();
  }

  /** Job-event consumer settings. */
  interface Events {
    /** Consumer group id (a classic group). */
    @WithDefault("avatar-gateway")
    String groupId();

    /** Longest single poll. */
    @WithDefault("1s")
    Duration pollTimeout();

    /** Pause before retrying a record whose database transaction failed. */
    @WithDefault("2s")
    Duration retryBackoff();
  }
}
