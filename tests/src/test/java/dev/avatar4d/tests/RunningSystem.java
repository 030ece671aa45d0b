package dev.avatar4d.tests;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.devstack.DevStackConfig;
import dev.avatar4d.devstack.JavaProcess;
import dev.avatar4d.devstack.Ports;
import dev.avatar4d.devstack.client.ApiKeys;
import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.launcher.ServiceLauncher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on this machine, as separate processes: real Kafka, PostgreSQL and S3 server
 * (devstack), the packaged gateway, and {@code workers} worker JVMs.
 */
final class RunningSystem implements AutoCloseable {
  final DevStack stack;

  /** The running gateway; replaced by {@link #startGateway()}. */
  volatile JavaProcess gateway;

  final List<JavaProcess> workers = new ArrayList<>();
  final JobClient client;
  final URI base;

  /** The {@code default} tenant's API key, given to the gateway at start. */
  final String apiKey;

  /** The operator token of the admin API ({@code /admin/v1}). */
  final String adminToken;

  /**
   * Environment of the gateway process (stack endpoints, the bootstrap key and the admin token).
   */
  final Map<String, String> gatewayEnv;

  private final ServiceLauncher services;

  /** Added to the stack's service environment for every worker. */
  private final Map<String, String> workerEnv = new HashMap<>();

  private RunningSystem(
      DevStack stack,
      JavaProcess gateway,
      URI base,
      String apiKey,
      Map<String, String> gatewayEnv,
      ServiceLauncher services) {
    this.services = services;
    this.stack = stack;
    this.gateway = gateway;
    this.base = base;
    this.apiKey = apiKey;
    this.adminToken = gatewayEnv.get(ApiKeys.ADMIN_TOKEN_ENV);
    this.gatewayEnv = gatewayEnv;
    this.client = new JobClient(base, apiKey);
  }

  /** A new, empty folder under {@code tests/target/} for one run's data and logs. */
  static Path freshHome(String name) throws IOException {
    Path dir = Path.of("target", "runs", name + "-" + System.currentTimeMillis()).toAbsolutePath();
    return java.nio.file.Files.createDirectories(dir);
  }

  static RunningSystem start(Path home, int workers) throws Exception {
    return start(home, workers, Map.of());
  }

  /** As {@link #start(Path, int)}, with {@code workerEnv} added to every worker's environment. */
  static RunningSystem start(Path home, int workers, Map<String, String> workerEnv)
      throws Exception {
    Path root = Path.of(System.getProperty("avatar4d.root", "..")).toAbsolutePath().normalize();
    ServiceLauncher services = new ServiceLauncher(root, home.resolve("logs"));
    services.checkBuilt();
    DevStack stack =
        DevStack.start(DevStackConfig.fromEnv(Map.of("AVATAR4D_HOME", home.toString())));
    int port = Ports.free();
    String apiKey = ApiKeys.random();
    Map<String, String> gatewayEnv = new HashMap<>(stack.serviceEnv());
    gatewayEnv.put(ApiKeys.BOOTSTRAP_ENV, apiKey);
    gatewayEnv.put(ApiKeys.ADMIN_TOKEN_ENV, ApiKeys.random());
    gatewayEnv.put(ApiKeys.WEBHOOK_SECRET_KEY_ENV, ApiKeys.randomEncryptionKey());
    JavaProcess gateway = services.startGateway(gatewayEnv, port);
    RunningSystem system =
        new RunningSystem(
            stack,
            gateway,
            URI.create("http://127.0.0.1:" + port),
            apiKey,
            Map.copyOf(gatewayEnv),
            services);
    system.client.awaitReady(Duration.ofSeconds(90), gateway::isAlive);
    system.workerEnv.putAll(workerEnv);
    for (int i = 1; i <= workers; i++) {
      system.workers.add(system.startWorker("worker-" + i));
    }
    return system;
  }

  /**
   * Starts a new gateway with {@link #gatewayEnv} on the same port (the previous one must be gone,
   * e.g. {@code gateway.kill()}) and returns once it is ready.
   */
  void startGateway() throws InterruptedException {
    JavaProcess next = services.startGateway(gatewayEnv, base.getPort());
    gateway = next;
    client.awaitReady(Duration.ofSeconds(90), next::isAlive);
  }

  /**
   * Starts a worker called {@code workerId} (a new one, or one that was killed, again) and waits
   * until it takes jobs. It is stopped with the system; callers that replace a dead worker put the
   * result in {@link #workers} themselves.
   */
  JavaProcess startWorker(String workerId) {
    Map<String, String> env = new HashMap<>(stack.serviceEnv());
    env.putAll(workerEnv);
    return services.startWorker(env, workerId, Duration.ofMinutes(3));
  }

  @Override
  public void close() {
    for (JavaProcess w : workers) {
      w.kill();
    }
    gateway.kill();
    stack.close();
  }
}
