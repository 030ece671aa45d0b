package dev.avatar4d.devstack;

import dev.avatar4d.protocol.TopicSpec;
import dev.avatar4d.storage.EmbeddedS3Server;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.storage.StorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Kafka, PostgreSQL and an S3 server for local runs and tests, each started here unless configured
 * as external ({@link DevStackConfig}). Creates the Avatar4D topics and the bucket.
 *
 * <p>Run {@code DevStack up} for a stack that lives until Ctrl-C / SIGTERM; it writes {@code
 * <home>/stack.env} with {@link #serviceEnv()} for the gateway and workers.
 *
 * <p>For fault tests each local component can be stopped and started again in place, on the same
 * port and data ({@link #stopKafka()}, {@link #stopPostgres()}, {@link #stopS3()} and their {@code
 * start}/{@code restart} counterparts), so {@link #serviceEnv()} stays valid throughout.
 */
public final class DevStack implements AutoCloseable {
  /** {@code num.partitions} of the local broker (for topics created by first use). */
  public static final int DEFAULT_PARTITIONS = 12;

  /**
   * The topics the dev stack creates: the gateway's, with {@link #DEFAULT_PARTITIONS} event
   * partitions.
   */
  public static final List<TopicSpec> TOPICS = TopicSpec.all(DEFAULT_PARTITIONS);

  private final DevStackConfig config;
  private final KafkaBroker kafka;
  private final Postgres postgres;

  /** The running local S3 server; null when external or while stopped by {@link #stopS3()}. */
  private volatile EmbeddedS3Server s3;

  /** The local S3 server's port (kept for {@link #startS3()}), or 0 when external. */
  private final int s3Port;

  private final StorageConfig storage;

  private DevStack(
      DevStackConfig config,
      KafkaBroker kafka,
      Postgres postgres,
      EmbeddedS3Server s3,
      StorageConfig storage) {
    this.config = config;
    this.kafka = kafka;
    this.postgres = postgres;
    this.s3 = s3;
    this.s3Port = s3 == null ? 0 : s3.port();
    this.storage = storage;
  }

  /**
   * Starts whatever is not external (Kafka in parallel with the rest), creates the topics and the
   * bucket. A fixed port already taken fails at once with {@link PortInUseException}.
   */
  public static DevStack start(DevStackConfig cfg) {
    // Check every fixed port before starting anything, so the message comes at once.
    if (cfg.externalKafka() == null) {
      Ports.requireFree(cfg.kafkaPort(), "set " + DevStackConfig.ENV_KAFKA_PORT);
    }
    if (cfg.externalJdbcUrl() == null) {
      Ports.requireFree(cfg.postgresPort(), "set " + DevStackConfig.ENV_POSTGRES_PORT);
    }
    if (cfg.externalS3Endpoint() == null) {
      Ports.requireFree(cfg.s3Port(), "set " + DevStackConfig.ENV_S3_PORT);
    }
    CompletableFuture<KafkaBroker> kafkaStart =
        cfg.externalKafka() != null
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.supplyAsync(
                () -> KafkaBroker.start(cfg.kafkaDir(), cfg.kafkaPort(), DEFAULT_PARTITIONS));
    List<AutoCloseable> started = new ArrayList<>();
    try {
      EmbeddedS3Server s3 = null;
      StorageConfig storage;
      if (cfg.externalS3Endpoint() == null) {
        s3 =
            EmbeddedS3Server.start(cfg.s3Dir(), cfg.s3Port(), cfg.s3AccessKey(), cfg.s3SecretKey());
        started.add(s3);
        storage = s3.config(cfg.s3Bucket());
      } else {
        storage =
            new StorageConfig(
                cfg.externalS3Endpoint(),
                cfg.s3AccessKey(),
                cfg.s3SecretKey(),
                cfg.s3Bucket(),
                StorageConfig.DEFAULT_REGION);
      }
      try (ObjectStore bucket = ObjectStore.connect(storage)) {
        // connect() created the bucket.
      }
      Postgres pg = null;
      if (cfg.externalJdbcUrl() == null) {
        pg = Postgres.start(cfg.postgresDir(), cfg.postgresPort());
        started.add(pg);
      }
      KafkaBroker broker = join(kafkaStart);
      if (broker != null) {
        started.add(broker);
      }
      DevStack stack = new DevStack(cfg, broker, pg, s3, storage);
      stack.createTopics();
      return stack;
    } catch (RuntimeException e) {
      kafkaStart.thenAccept(
          b -> {
            if (b != null) {
              b.close();
            }
          });
      for (AutoCloseable c : reversed(started)) {
        closeQuietly(c);
      }
      throw e;
    }
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> r = new ArrayList<>(list);
    java.util.Collections.reverse(r);
    return r;
  }

  private static KafkaBroker join(CompletableFuture<KafkaBroker> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Kafka", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void createTopics() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      List<NewTopic> wanted = new ArrayList<>();
      TOPICS.forEach(
          t -> wanted.add(new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs())));
      for (var entry : admin.createTopics(wanted).values().entrySet()) {
        try {
          entry.getValue().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("creating topics timed out at " + bootstrapServers(), e);
    }
  }

  public DevStackConfig config() {
    return config;
  }

  /** The local broker, or null when external. */
  public KafkaBroker kafka() {
    return kafka;
  }

  /** The local PostgreSQL, or null when external. */
  public Postgres postgres() {
    return postgres;
  }

  /** The local S3 server, or null when external (or stopped by {@link #stopS3()}). */
  public EmbeddedS3Server s3() {
    return s3;
  }

  // Restarting in place, for fault tests: each component comes back on the same port and data
  // directory, so clients configured with serviceEnv() reconnect without being told anything.

  /** Stops the local broker (SIGTERM, controlled shutdown; SIGKILL after 30 s). */
  public void stopKafka() {
    local(kafka, "Kafka").stop();
  }

  /**
   * Starts the stopped (or killed) local broker again on the same port and data; returns once it
   * answers.
   */
  public void startKafka() {
    local(kafka, "Kafka").startAgain();
  }

  /** {@link #stopKafka()}, {@code down} of nothing listening, {@link #startKafka()}. */
  public void restartKafka(Duration down) {
    stopKafka();
    pause(down);
    startKafka();
  }

  /**
   * Stops the local PostgreSQL (fast shutdown: clients are disconnected, open transactions roll
   * back).
   */
  public void stopPostgres() {
    local(postgres, "PostgreSQL").stop();
  }

  /**
   * Starts the stopped (or killed) local PostgreSQL again on the same port and data; returns once
   * it accepts connections.
   */
  public void startPostgres() {
    local(postgres, "PostgreSQL").startAgain();
  }

  /** {@link #stopPostgres()}, {@code down} of nothing listening, {@link #startPostgres()}. */
  public void restartPostgres(Duration down) {
    stopPostgres();
    pause(down);
    startPostgres();
  }

  /**
   * Stops the local S3 server: its port refuses connections until {@link #startS3()}. The objects
   * stay in its directory. Nothing happens when it is stopped already.
   */
  public synchronized void stopS3() {
    if (s3Port == 0) {
      throw new IllegalStateException("S3 is external; this stack cannot stop it");
    }
    EmbeddedS3Server running = s3;
    if (running != null) {
      s3 = null;
      running.close();
    }
  }

  /**
   * Starts a new S3 server on the port and directory of the one {@link #stopS3()} stopped, with the
   * same keys, so {@link #storage()} and presigned URLs stay valid. Nothing happens when it is
   * running.
   */
  public synchronized void startS3() {
    if (s3Port == 0) {
      throw new IllegalStateException("S3 is external; this stack cannot start it");
    }
    if (s3 == null) {
      Ports.requireFree(s3Port, "the S3 server's port was taken while it was down");
      s3 = EmbeddedS3Server.start(config.s3Dir(), s3Port, storage.accessKey(), storage.secretKey());
    }
  }

  /** {@link #stopS3()}, {@code down} of nothing listening, {@link #startS3()}. */
  public void restartS3(Duration down) {
    stopS3();
    pause(down);
    startS3();
  }

  private static <T> T local(T component, String what) {
    if (component == null) {
      throw new IllegalStateException(what + " is external; this stack cannot stop or start it");
    }
    return component;
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a component was down", e);
    }
  }

  public String bootstrapServers() {
    return kafka != null ? kafka.bootstrapServers() : config.externalKafka();
  }

  public String jdbcUrl() {
    return postgres != null ? postgres.jdbcUrl() : config.externalJdbcUrl();
  }

  public String dbUser() {
    return postgres != null ? postgres.user() : config.dbUser();
  }

  public String dbPassword() {
    return postgres != null ? postgres.password() : config.dbPassword();
  }

  public StorageConfig storage() {
    return storage;
  }

  /**
   * The environment gateway and workers read: {@code AVATAR4D_KAFKA_BOOTSTRAP} (also as {@code
   * KAFKA_BOOTSTRAP_SERVERS}, Quarkus' name), {@code AVATAR4D_S3_*}, and {@code
   * QUARKUS_DATASOURCE_JDBC_URL / _USERNAME / _PASSWORD}. Insertion-ordered.
   */
  public Map<String, String> serviceEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AVATAR4D_KAFKA_BOOTSTRAP", bootstrapServers());
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
    env.put(StorageConfig.ENV_ENDPOINT, storage.endpoint());
    env.put(StorageConfig.ENV_ACCESS_KEY, storage.accessKey());
    env.put(StorageConfig.ENV_SECRET_KEY, storage.secretKey());
    env.put(StorageConfig.ENV_BUCKET, storage.bucket());
    env.put(StorageConfig.ENV_REGION, storage.region());
    env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl());
    env.put("QUARKUS_DATASOURCE_USERNAME", dbUser());
    env.put("QUARKUS_DATASOURCE_PASSWORD", dbPassword());
    return java.util.Collections.unmodifiableMap(env);
  }

  /** Writes {@link #serviceEnv()} as {@code KEY=VALUE} lines to {@code file}. */
  public Path writeEnvFile(Path file) {
    StringBuilder sb = new StringBuilder("# Written by DevStack up; valid while it runs.\n");
    serviceEnv().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, sb, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Stops what this stack started: Kafka first (clients disconnect), then PostgreSQL and S3. */
  @Override
  public void close() {
    if (kafka != null) {
      closeQuietly(kafka);
    }
    if (postgres != null) {
      closeQuietly(postgres);
    }
    EmbeddedS3Server running = s3;
    if (running != null) {
      s3 = null;
      closeQuietly(running);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("warning: stopping " + c + " failed: " + e);
    }
  }

  /**
   * {@code DevStack [up]}: starts the stack from the environment ({@link DevStackConfig}), prints
   * the endpoints, writes {@code <home>/stack.env}, and runs until SIGTERM or Ctrl-C.
   */
  public static void main(String[] args) throws InterruptedException {
    String cmd = args.length == 0 ? "up" : args[0];
    if (!"up".equals(cmd)) {
      System.err.println("usage: DevStack up");
      System.exit(64);
    }
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dev/avatar4d/devstack/devstack-logback.xml");
    }
    DevStackConfig cfg = DevStackConfig.fromEnv(System.getenv());
    long t0 = System.nanoTime();
    DevStack stack;
    try {
      stack = start(cfg);
    } catch (PortInUseException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("stopping the dev stack...");
                  stack.close();
                  stopped.countDown();
                },
                "devstack-shutdown"));
    Path envFile = stack.writeEnvFile(cfg.home().resolve("stack.env"));
    System.out.printf(
        "Kafka      %s%s%n", stack.bootstrapServers(), stack.kafka() == null ? " (external)" : "");
    System.out.printf(
        "PostgreSQL %s (user %s)%s%n",
        stack.jdbcUrl(), stack.dbUser(), stack.postgres() == null ? " (external)" : "");
    System.out.printf(
        "S3         %s bucket %s%s%n",
        stack.storage().endpoint(),
        stack.storage().bucket(),
        stack.s3() == null ? " (external)" : "");
    System.out.printf("env file   %s%n", envFile.toAbsolutePath());
    System.out.printf(
        "dev stack ready in %d ms; Ctrl-C to stop%n", (System.nanoTime() - t0) / 1_000_000);
    stopped.await();
  }
}
