package dev.avatar4d.devstack;

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
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * The real Kafka 4.2 broker ({@code org.apache.kafka:kafka_2.13}) in KRaft combined mode (broker +
 * controller, node id 1), run as a child JVM on 127.0.0.1.
 *
 * <p>The child's classpath is this JVM's classpath, so whatever depends on devstack can start a
 * broker. The log directory is formatted once ({@code kafka.tools.StorageTool format}) with the
 * {@code share.version=1} feature, i.e. KIP-932 share groups on; later starts reuse the data.
 * Single-node replication factors (offsets, transactions, share-group state) are 1.
 *
 * <p>Layout under the data directory: {@code server.properties}, {@code logs/} (the Kafka log dir),
 * {@code broker.log} (the child's stdout/stderr, appended).
 */
public final class KafkaBroker implements AutoCloseable {
  /** Default maximum heap of the broker JVM. */
  public static final String DEFAULT_HEAP = "-Xmx512m";

  /** How long a start may take before it is reported as failed. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** Graceful shutdown budget of {@link #close()} and {@link #restart()}. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private final int partitions;
  private final Map<String, String> overrides;
  private JavaProcess process;

  private KafkaBroker(
      Path dataDir, int port, int controllerPort, int partitions, Map<String, String> overrides) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.partitions = partitions;
    this.overrides = overrides;
  }

  /**
   * Starts a broker and returns once an Admin client can list topics.
   *
   * @param port client port on 127.0.0.1, 0 for a free one
   * @param partitions {@code num.partitions} for auto-created topics
   */
  public static KafkaBroker start(Path dataDir, int port, int partitions) {
    return start(dataDir, port, partitions, Map.of());
  }

  /** As {@link #start(Path, int, int)}, with extra or overriding {@code server.properties}. */
  public static KafkaBroker start(
      Path dataDir, int port, int partitions, Map<String, String> overrides) {
    Objects.requireNonNull(dataDir, "dataDir");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
    }
    int p = Ports.resolve(port, "set AVATAR4D_KAFKA_PORT");
    KafkaBroker broker =
        new KafkaBroker(
            dataDir.toAbsolutePath(), p, Ports.free(), partitions, Map.copyOf(overrides));
    broker.launch();
    return broker;
  }

  /** {@code 127.0.0.1:<port>} */
  public String bootstrapServers() {
    return Ports.LOOPBACK + ":" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The broker JVM's output. */
  public Path logFile() {
    return dataDir.resolve("broker.log");
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: a crash, no controlled shutdown. */
  public void kill() {
    if (process != null) {
      process.kill();
    }
  }

  /**
   * Stops the broker (gracefully if it is running) and starts it again on the same port and data.
   */
  public void restart() {
    stop();
    startAgain();
  }

  /**
   * Stops the broker: SIGTERM (a controlled shutdown), SIGKILL if it is still running after {@link
   * #STOP_GRACE}. Nothing happens when it is not running. {@link #startAgain()} brings it back on
   * the same port and data.
   */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.stop(STOP_GRACE);
    }
  }

  /**
   * Starts a stopped or killed broker again on the same client port, controller port and data
   * directory, and returns once it answers; nothing happens when it is running. Fails with {@link
   * PortInUseException} when something else took the port meanwhile.
   */
  public void startAgain() {
    if (isAlive()) {
      return;
    }
    Ports.requireFree(port, "the broker's port was taken while it was down");
    launch();
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }

  private void launch() {
    try {
      Files.createDirectories(dataDir);
      Path props = dataDir.resolve("server.properties");
      writeProperties(props);
      if (!Files.exists(logDir().resolve("meta.properties"))) {
        format(props);
      }
      process = child("kafka", "kafka.Kafka", List.of(props.toString())).start();
      awaitReady();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Kafka in " + dataDir, e);
    } catch (RuntimeException e) {
      if (process != null) {
        process.kill();
      }
      throw e;
    }
  }

  private Path logDir() {
    return dataDir.resolve("logs");
  }

  private void format(Path props) {
    JavaProcess fmt =
        child(
                "kafka-format",
                "kafka.tools.StorageTool",
                List.of(
                    "format",
                    "--cluster-id",
                    Uuid.randomUuid().toString(),
                    "--config",
                    props.toString(),
                    "--feature",
                    "share.version=1",
                    "--ignore-formatted"))
            .start();
    try {
      if (!fmt.process().waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        fmt.kill();
        throw new IllegalStateException("formatting the Kafka log dir timed out");
      }
      if (fmt.process().exitValue() != 0) {
        throw new IllegalStateException(
            "formatting the Kafka log dir failed (exit "
                + fmt.process().exitValue()
                + "):\n"
                + fmt.tail(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fmt.kill();
      throw new IllegalStateException("interrupted while formatting Kafka", e);
    } finally {
      fmt.close();
    }
  }

  private JavaProcess.Builder child(String name, String mainClass, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(Long.toString(ProcessHandle.current().pid()));
    all.add(mainClass);
    all.addAll(args);
    return JavaProcess.builder(name)
        .mainClass(ParentWatchdog.class.getName())
        .classpath(currentClasspath())
        .jvmArgs(
            DEFAULT_HEAP,
            "-Xms64m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true",
            "-Dlogback.configurationFile=dev/avatar4d/devstack/kafka-logback.xml",
            "-Dlog4j2.configurationFile=classpath:dev/avatar4d/devstack/kafka-log4j2.xml")
        .args(all)
        .workingDir(dataDir)
        .logFile(logFile());
  }

  /**
   * This JVM's classpath entries (a surefire manifest-only jar works too: Class-Path is honoured).
   */
  static List<Path> currentClasspath() {
    List<Path> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!e.isBlank()) {
        cp.add(Path.of(e).toAbsolutePath()); // the child runs in another working dir
      }
    }
    return cp;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Properties cfg = new Properties();
    cfg.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    cfg.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    cfg.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    cfg.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
    RuntimeException last = null;
    try (Admin admin = Admin.create(cfg)) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Kafka exited (code "
                  + process.process().exitValue()
                  + ") during start; last lines of "
                  + logFile()
                  + ":\n"
                  + process.tail(40));
        }
        try {
          admin.listTopics().names().get(3, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          last = new IllegalStateException(e.toString(), e);
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw last;
          }
        }
      }
    }
    throw new IllegalStateException(
        "Kafka not ready within "
            + START_TIMEOUT
            + "; last lines of "
            + logFile()
            + ":\n"
            + process.tail(40),
        last);
  }

  private void writeProperties(Path file) throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    // Static voters, not a dynamic quorum: the controller port may change between runs.
    p.put("controller.quorum.voters", "1@" + Ports.LOOPBACK + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://"
            + Ports.LOOPBACK
            + ":"
            + port
            + ",CONTROLLER://"
            + Ports.LOOPBACK
            + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir().toString());
    p.put("num.partitions", Integer.toString(partitions));
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    // Internal topics default to 50 partitions; a dev broker creates them faster with fewer.
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "4");
    p.put("group.initial.rebalance.delay.ms", "0");
    // After a SIGKILL the restarted broker waits out its old session before it is unfenced;
    // a short session makes kill-and-restart tests take seconds, not ten.
    p.put("broker.session.timeout.ms", "3000");
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("auto.create.topics.enable", "true");
    p.put("log.retention.hours", "168");
    p.putAll(overrides);
    StringBuilder out =
        new StringBuilder("# Written by dev.avatar4d.devstack.KafkaBroker on each start.\n");
    p.forEach((k, v) -> out.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }
}
