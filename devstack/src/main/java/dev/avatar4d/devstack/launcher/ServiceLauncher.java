package dev.avatar4d.devstack.launcher;

import dev.avatar4d.devstack.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Starts the gateway and workers as their own JVMs from a built checkout, the way production runs
 * them: one process each, configured only by environment variables.
 *
 * <p>It expects {@code mvn package} to have produced {@code gateway/target/quarkus-app/} and {@code
 * worker-gpu/target/classpath.txt}; {@link #checkBuilt()} says what is missing.
 */
public final class ServiceLauncher {
  private static final Pattern WORKER_READY = Pattern.compile("Avatar4D worker .* ready");

  private final Path root;
  private final Path logs;

  /**
   * @param root the repository root (the folder with the top-level pom.xml)
   * @param logs where each process writes its log file
   */
  public ServiceLauncher(Path root, Path logs) {
    this.root = root.toAbsolutePath().normalize();
    this.logs = logs;
  }

  public Path gatewayJar() {
    return root.resolve("gateway/target/quarkus-app/quarkus-run.jar");
  }

  /** Throws with a clear message if the gateway or worker has not been built. */
  public void checkBuilt() {
    List<String> missing = new ArrayList<>();
    if (!Files.isRegularFile(gatewayJar())) {
      missing.add(gatewayJar().toString());
    }
    if (!Files.isRegularFile(workerClasspathFile())) {
      missing.add(workerClasspathFile().toString());
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "not built yet: " + missing + "; run `mvn -B -DskipTests package` in " + root);
    }
  }

  /** Starts the gateway on {@code httpPort} with {@code env} (the stack's service variables). */
  public JavaProcess startGateway(Map<String, String> env, int httpPort) {
    Map<String, String> all = new HashMap<>(env);
    all.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    return JavaProcess.builder("gateway")
        .jar(gatewayJar())
        .jvmArgs(List.of("-Xmx512m"))
        .env(all)
        .logFile(logs.resolve("gateway.log"))
        .start();
  }

  /** Starts a worker named {@code workerId} and waits until it is ready to take jobs. */
  public JavaProcess startWorker(Map<String, String> env, String workerId, Duration readyTimeout) {
    Map<String, String> all = new HashMap<>(env);
    all.put("AVATAR4D_WORKER_ID", workerId);
    all.putIfAbsent("DJL_OFFLINE", "true");
    if (Files.isRegularFile(shippedWeights().resolve("lite.safetensors"))) {
      all.putIfAbsent("AVATAR4D_WEIGHTS_DIR", shippedWeights().toString());
    }
    JavaProcess worker =
        JavaProcess.builder(workerId)
            .mainClass("dev.avatar4d.worker.WorkerMain")
            .classpath(workerClasspath())
            .jvmArgs(List.of("-Xmx3g", "-Dai.djl.offline=true"))
            .env(all)
            .logFile(logs.resolve(workerId + ".log"))
            .start();
    worker.waitForLogLine(WORKER_READY, readyTimeout);
    return worker;
  }

  /**
   * The repository's {@code models/} folder: the trained weights (and their {@code .sha256} pins)
   * that workers use unless {@code AVATAR4D_WEIGHTS_DIR} names another folder.
   */
  public Path shippedWeights() {
    return root.resolve("models");
  }

  private Path workerClasspathFile() {
    return root.resolve("worker-gpu/target/classpath.txt");
  }

  private List<Path> workerClasspath() {
    List<Path> entries = new ArrayList<>();
    entries.add(root.resolve("worker-gpu/target/classes"));
    try {
      for (String e :
          Files.readString(workerClasspathFile()).trim().split(java.io.File.pathSeparator)) {
        if (!e.isBlank()) {
          entries.add(Path.of(e));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }
}
