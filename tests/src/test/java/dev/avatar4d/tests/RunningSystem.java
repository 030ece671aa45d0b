package dev.avatar4d.tests;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.devstack.DevStackConfig;
import dev.avatar4d.devstack.JavaProcess;
import dev.avatar4d.devstack.Ports;
import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.launcher.ServiceLauncher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole system on this machine, as separate processes: real Kafka, PostgreSQL and S3 server
 * (devstack), the packaged gateway, and {@code workers} worker JVMs.
 */
final class RunningSystem implements AutoCloseable {
  final DevStack stack;
  final JavaProcess gateway;
  final List<JavaProcess> workers = new ArrayList<>();
  final JobClient client;
  final URI base;

  private RunningSystem(DevStack stack, JavaProcess gateway, URI base) {
    this.stack = stack;
    this.gateway = gateway;
    this.base = base;
    this.client = new JobClient(base);
  }

  /** A new, empty folder under {@code tests/target/} for one run's data and logs. */
  static Path freshHome(String name) throws IOException {
    Path dir = Path.of("target", "runs", name + "-" + System.currentTimeMillis()).toAbsolutePath();
    return java.nio.file.Files.createDirectories(dir);
  }

  static RunningSystem start(Path home, int workers) throws Exception {
    Path root = Path.of(System.getProperty("avatar4d.root", "..")).toAbsolutePath().normalize();
    ServiceLauncher services = new ServiceLauncher(root, home.resolve("logs"));
    services.checkBuilt();
    DevStack stack = DevStack.start(DevStackConfig.fromEnv(Map.of("AVATAR4D_HOME", home.toString())));
    int port = Ports.free();
    JavaProcess gateway = services.startGateway(stack.serviceEnv(), port);
    RunningSystem system = new RunningSystem(stack, gateway, URI.create("http://127.0.0.1:" + port));
    system.client.awaitReady(Duration.ofSeconds(90), gateway::isAlive);
    for (int i = 1; i <= workers; i++) {
      system.workers.add(services.startWorker(stack.serviceEnv(), "worker-" + i, Duration.ofMinutes(3)));
    }
    return system;
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
