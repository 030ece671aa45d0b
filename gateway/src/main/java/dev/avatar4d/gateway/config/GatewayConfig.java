package dev.avatar4d.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the gateway reads under {@code avatar4d.*}. Each key can also be given as an
 * environment variable (upper case, dots and dashes as underscores), e.g. {@code
 * AVATAR4D_KAFKA_BOOTSTRAP} for {@code avatar4d.kafka.bootstrap}. The datasource is configured with
 * the standard {@code quarkus.datasource.*} keys and the HTTP port with {@code quarkus.http.port}.
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

  /** Signed webhooks: delivery, retries, address checks and secret rotation. */
  WebhooksConfig webhooks();

  /** API keys, the operator token, rate limits, quotas and idempotency. */
  Auth auth();

  /** Retention of finished jobs' objects, the queue timeout and the idempotency-key purge. */
  Retention retention();

  /** Re-drive of dead-lettered jobs. */
  Redrive redrive();

  /**
   * The sweep that ends jobs past their own deadlines ({@code Cancel-After}, {@code Start-Within}).
   */
  DeadlineSweep deadlineSweep();

  /** The dashboard's system page ({@code GET /v1/system}): queue backlog and worker heartbeats. */
  SystemStatus system();

  /** Kafka settings. */
  interface Kafka {
    /** Bootstrap servers, comma separated ({@code host:port}). */
    @WithDefault("localhost:9092")
    String bootstrap();

    /**
     * How long a send may block waiting for broker metadata before the relay gives up for this
     * round.
     */
    @WithDefault("2s")
    Duration maxBlock();

    /**
     * Upper bound for one record's delivery, retries included (Kafka {@code delivery.timeout.ms}).
     */
    @WithDefault("10s")
    Duration deliveryTimeout();

    /**
     * Timeout of one broker request (Kafka {@code request.timeout.ms}); must be below the delivery
     * timeout.
     */
    @WithDefault("5s")
    Duration requestTimeout();

    /** How long the readiness check waits for the cluster to answer. */
    @WithDefault("3s")
    Duration healthTimeout();

    /** Create the avatar4d topics at start when they do not exist yet. */
    @WithDefault("true")
    boolean createTopics();

    /**
     * Partitions of the job-events topic when the gateway creates it (bounds how many gateways'
     * classic-group consumers share it); the other topics' partitions are fixed ({@code
     * TopicSpec}).
     */
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
    /** Most driving frames one job may have. */
    @WithDefault("300")
    int maxDrivingFrames();

    /** Largest accepted image part, in bytes; a bigger part is answered 413 naming the part. */
    @WithDefault("20971520")
    long maxImageBytes();

    /**
     * Most pixels (width × height, as the image header declares them) an input image may have.
     * Checked before decoding, so a small file that declares a huge image is refused cheaply.
     */
    @WithDefault("16777216")
    long maxImagePixels();

    /**
     * Most pixels all input images of one request may declare together (source and driving frames),
     * checked from each header before it is decoded; bounds the decoding work one request can cost
     * the gateway. The default, 2^30, takes 300 frames of 1920×1080; a request over it is answered
     * 413 naming the image that crossed it.
     */
    @WithDefault("1073741824")
    long maxRequestPixels();

    /** Longest side, in pixels, an input image may have; checked before decoding. */
    @WithDefault("8192")
    int maxImageSide();

    /**
     * Lifetime of the presigned output URLs in a job resource; short, because anyone holding one
     * can download.
     */
    @WithDefault("5m")
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

  /** Authentication and per-tenant limits. */
  interface Auth {
    /**
     * An API key for the {@code default} tenant, stored (hashed) at start if it is not known yet.
     * The launcher and the tests use it; in production create keys with the admin API instead.
     */
    Optional<String> bootstrapKey();

    /**
     * The operator token that {@code /admin/v1/**} requires as {@code Authorization: Bearer}.
     * Without it the admin API is switched off (403).
     */
    Optional<String> adminToken();

    /** Requests per second one API key may make on average, unless its tenant sets its own rate. */
    @WithDefault("50")
    double requestsPerSecond();

    /**
     * How many seconds of the rate a key may spend at once (token bucket size = rate × this, at
     * least 1).
     */
    @WithDefault("5s")
    Duration burstWindow();

    /**
     * Where the rate limiter keeps its buckets: {@code database} (shared by every gateway, one
     * upsert per request) or {@code memory} (per gateway process; N gateways allow N times the
     * rate).
     */
    @WithDefault("database")
    RateLimitStore rateLimitStore();

    /**
     * Most jobs a tenant may have QUEUED or RUNNING at once, unless the tenant sets its own quota.
     */
    @WithDefault("500")
    int maxActiveJobs();

    /** How long an {@code Idempotency-Key} is remembered after the job it created. */
    @WithDefault("24h")
    Duration idempotencyTtl();

    /** Lifetime of the dashboard's session cookie. */
    @WithDefault("12h")
    Duration sessionTtl();
  }

  /**
   * The maintenance sweeper: deletes the objects (inputs and outputs) of finished jobs after a
   * while, fails jobs that waited in the queue too long and purges expired idempotency keys.
   */
  interface Retention {
    /** How often the sweeper runs. */
    @WithDefault("15m")
    Duration sweepInterval();

    /** How long after a job was CANCELED its objects are deleted. */
    @WithDefault("24h")
    Duration canceledAfter();

    /** How long after a job FAILED its objects are deleted (it can be retried until then). */
    @WithDefault("7d")
    Duration failedAfter();

    /**
     * How long after a job SUCCEEDED its objects are deleted; unset (the default): kept forever.
     */
    Optional<Duration> succeededAfter();

    /**
     * How long after a job SUCCEEDED the outputs of its other runs (a run that lost its lease, a
     * second run after a lock expired) are deleted; the wait lets a fenced run stop writing.
     */
    @WithDefault("10m")
    Duration strayRunDelay();

    /** A job QUEUED for longer than this is failed with "expired in queue". */
    @WithDefault("24h")
    Duration queuedTimeout();

    /** Most jobs one sweep handles per kind of work (the next sweep goes on where it stopped). */
    @WithDefault("200")
    int batchSize();
  }

  /** The deadline sweep ({@code DeadlineSweeper}). */
  interface DeadlineSweep {
    /**
     * How often it looks for jobs past a deadline: a job no worker holds ends at most this late (a
     * worker stops a running job at its deadline by itself).
     */
    @WithDefault("1s")
    Duration interval();

    /** Most jobs one sweep ends (the next sweep goes on where it stopped). */
    @WithDefault("100")
    int batchSize();
  }

  /** Re-drive of the dead-letter topic. */
  interface Redrive {
    /** How long one re-drive may spend reading the dead-letter topic up to its current end. */
    @WithDefault("30s")
    Duration readTimeout();
  }

  /** Settings of {@code GET /v1/system}. */
  interface SystemStatus {
    /**
     * The workers' share group on avatar.jobs, whose backlog is reported (the workers' {@code
     * AVATAR4D_WORKER_GROUP}).
     */
    @WithDefault("avatar-workers")
    String workerGroup();

    /** A worker whose newest heartbeat is older than this is shown as lost instead of alive. */
    @WithDefault("15s")
    Duration workerTimeout();

    /** How long a lost or stopped worker stays listed. */
    @WithDefault("10m")
    Duration forgetWorkerAfter();

    /**
     * How long the Kafka admin queries of one request may take before the page shows them as
     * unavailable.
     */
    @WithDefault("3s")
    Duration kafkaTimeout();
  }
}
