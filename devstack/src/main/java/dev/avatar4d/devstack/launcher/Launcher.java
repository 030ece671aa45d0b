package dev.avatar4d.devstack.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.devstack.DevStackConfig;
import dev.avatar4d.devstack.JavaProcess;
import dev.avatar4d.devstack.PortInUseException;
import dev.avatar4d.devstack.Ports;
import dev.avatar4d.devstack.client.ApiKeys;
import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.client.SampleJob;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code ./avatar4d} commands: {@code up} starts the stack, the gateway and one worker; {@code
 * demo} does the same and then submits the bundled sample job, shows its progress, and prints the
 * output URLs. Both keep serving until Ctrl-C. Data lives under {@code AVATAR4D_HOME} (default
 * {@code .avatar4d/}), so jobs survive a restart.
 *
 * <p>Environment: {@code AVATAR4D_HTTP_PORT} (gateway port, default {@value #DEFAULT_HTTP_PORT}),
 * {@code AVATAR4D_ROOT} (repository root, default the working directory), {@code
 * AVATAR4D_EXIT_WHEN_DONE} ({@code true}: the demo exits after its job ends, with status 0 only on
 * success), and the {@link DevStackConfig} variables.
 */
public final class Launcher {
  static final int DEFAULT_HTTP_PORT = 8080;

  /** File under the home folder that keeps the {@code default} tenant's API key. */
  static final String API_KEY_FILE = "api-key";

  /** File under the home folder that keeps the operator token of the admin API. */
  static final String ADMIN_TOKEN_FILE = "admin-token";

  /** File under the home folder that keeps the key webhook signing secrets are encrypted with. */
  static final String WEBHOOK_SECRET_KEY_FILE = "webhook-secret-key";

  private static final Duration GATEWAY_START = Duration.ofSeconds(90);
  private static final Duration WORKER_START = Duration.ofSeconds(180);
  private static final Duration DEMO_TIMEOUT = Duration.ofMinutes(15);
  private static final String DEMO_OPTIONS =
      "{\"views\":[\"orbit:5\"],\"model\":\"lite\",\"resolution\":256,\"formats\":[\"png\",\"mp4\",\"depth\"],\"fps\":6}";

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "demo" : args[0];
    if (!command.equals("up") && !command.equals("demo")) {
      System.err.println("usage: avatar4d [up|demo]");
      System.exit(2);
    }
    Map<String, String> env = System.getenv();
    int httpPort =
        Integer.parseInt(
            env.getOrDefault("AVATAR4D_HTTP_PORT", Integer.toString(DEFAULT_HTTP_PORT)));
    try {
      Ports.requireFree(httpPort, "stop what holds it or set AVATAR4D_HTTP_PORT to another port");
    } catch (PortInUseException e) {
      System.err.println(e.getMessage());
      System.exit(3);
    }
    Path root = Path.of(env.getOrDefault("AVATAR4D_ROOT", ".")).toAbsolutePath();
    DevStackConfig config = DevStackConfig.fromEnv(env);
    ServiceLauncher services = new ServiceLauncher(root, config.home().resolve("logs"));
    services.checkBuilt();

    List<AutoCloseable> running = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running, stopped)));

    say("starting Kafka, PostgreSQL and the S3 server under " + config.home());
    DevStack stack = DevStack.start(config);
    running.add(stack);
    String apiKey = secret(config.home().resolve(API_KEY_FILE), ApiKeys::random);
    String adminToken = secret(config.home().resolve(ADMIN_TOKEN_FILE), ApiKeys::random);
    String webhookSecretKey =
        secret(config.home().resolve(WEBHOOK_SECRET_KEY_FILE), ApiKeys::randomEncryptionKey);
    Map<String, String> gatewayEnv = new HashMap<>(stack.serviceEnv());
    gatewayEnv.put(ApiKeys.BOOTSTRAP_ENV, apiKey);
    gatewayEnv.put(ApiKeys.ADMIN_TOKEN_ENV, adminToken);
    gatewayEnv.put(
        ApiKeys.WEBHOOK_SECRET_KEY_ENV,
        env.getOrDefault(ApiKeys.WEBHOOK_SECRET_KEY_ENV, webhookSecretKey));
    say("starting the gateway on port " + httpPort);
    JavaProcess gateway = services.startGateway(gatewayEnv, httpPort);
    running.add(0, () -> gateway.stop(Duration.ofSeconds(10)));
    URI base = URI.create("http://127.0.0.1:" + httpPort);
    JobClient client = new JobClient(base, apiKey);
    client.awaitReady(GATEWAY_START, gateway::isAlive);
    say("starting a worker (loads the model)");
    JavaProcess worker = services.startWorker(stack.serviceEnv(), "worker-1", WORKER_START);
    running.add(0, () -> worker.stop(Duration.ofSeconds(30)));
    say("ready: API " + base + "/v1/jobs, logs in " + config.home().resolve("logs"));
    say(
        "API key of tenant 'default' (kept in "
            + config.home().resolve(API_KEY_FILE)
            + "): "
            + apiKey);
    say("operator token for /admin/v1 is in " + config.home().resolve(ADMIN_TOKEN_FILE));
    say("dashboard (signs in with that key): " + dashboardUrl(base, apiKey));

    if (command.equals("demo")) {
      boolean ok = runDemo(client);
      say("dashboard: " + dashboardUrl(base, apiKey));
      if (Boolean.parseBoolean(env.getOrDefault("AVATAR4D_EXIT_WHEN_DONE", "false"))) {
        System.exit(ok ? 0 : 1);
      }
    }
    say("serving until Ctrl-C");
    stopped.await();
  }

  /**
   * A secret kept in {@code file}: read from it, or made and written there (owner-only) on the
   * first run, so that it stays the same across restarts.
   */
  /**
   * The secret kept in {@code file}, made by {@code fresh} and written there (owner-only) on the
   * first run.
   */
  private static String secret(Path file, java.util.function.Supplier<String> fresh)
      throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    String key = fresh.get();
    Files.createDirectories(file.getParent());
    Files.writeString(file, key + "\n");
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the default permissions.
    }
    return key;
  }

  /**
   * The dashboard's sign-in page with the key in the fragment, which browsers never send to
   * servers.
   */
  private static String dashboardUrl(URI base, String apiKey) {
    return base + "/login.html#key=" + apiKey;
  }

  private static boolean runDemo(JobClient client) throws IOException, InterruptedException {
    JobClient.Answer submitted =
        client.submit(
            SampleJob.source(), SampleJob.driving(SampleJob.DRIVING_FRAMES), DEMO_OPTIONS);
    if (submitted.status() != 202) {
      say("the sample job was refused: HTTP " + submitted.status() + " " + submitted.body());
      return false;
    }
    String id = submitted.body().path("id").asText();
    say("submitted sample job " + id + " (" + submitted.location() + ")");
    Instant deadline = Instant.now().plus(DEMO_TIMEOUT);
    String lastLine = "";
    JsonNode job = submitted.body();
    while (Instant.now().isBefore(deadline)) {
      job = client.get(id).body();
      String state = job.path("state").asText();
      String line = progressLine(state, job.path("progress"));
      if (!line.equals(lastLine)) {
        say(line);
        lastLine = line;
      }
      if (JobClient.isTerminal(state)) {
        break;
      }
      Thread.sleep(500);
    }
    String state = job.path("state").asText();
    if (!state.equals("SUCCEEDED")) {
      say("the sample job ended " + state + ": " + job.path("error").asText(""));
      return false;
    }
    JsonNode model = job.path("model");
    say(
        "model: preset "
            + model.path("preset").asText()
            + ", weights "
            + model.path("weightsSha256").asText()
            + (model.path("trained").asBoolean()
                ? ""
                : " — UNTRAINED random weights: the pictures show the pipeline, not a likeness"));
    JsonNode files = job.path("manifest").path("files");
    say(
        files.size()
            + " outputs stored; per view the video and the first frame (all URLs: GET /v1/jobs/"
            + id
            + "):");
    for (JsonNode file : files) {
      String kind = file.path("kind").asText();
      if (kind.equals("VIDEO") || (kind.equals("FRAME") && file.path("frame").asInt() == 0)) {
        say(
            "  "
                + file.path("view").asText()
                + " "
                + kind.toLowerCase(java.util.Locale.ROOT)
                + ": "
                + file.path("url").asText());
      }
    }
    return true;
  }

  private static String progressLine(String state, JsonNode progress) {
    int done = progress.path("framesDone").asInt();
    int total = progress.path("framesTotal").asInt();
    if (total == 0) {
      return state;
    }
    int width = 30;
    int filled = done * width / total;
    return String.format(
        "%-9s [%s%s] %d/%d frames",
        state, "#".repeat(filled), ".".repeat(width - filled), done, total);
  }

  private static void stopAll(List<AutoCloseable> running, CountDownLatch stopped) {
    for (AutoCloseable c : running) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e.getMessage());
      }
    }
    stopped.countDown();
  }

  private static void say(String line) {
    System.out.println("[avatar4d] " + line);
  }
}
