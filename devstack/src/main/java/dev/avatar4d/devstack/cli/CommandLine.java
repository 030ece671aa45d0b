package dev.avatar4d.devstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.avatar4d.devstack.client.JobClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./avatar4d submit|status|cancel|list}: a client of the public API, nothing more. {@code
 * submit SOURCE DRIVING... [--views orbit:8] [--resolution 256] [--formats png,mp4] [--pose
 * driving] [--model lite] [--fps 12] [--cancel-after 10m] [--wait] [--out DIR]} sends the images
 * with a fresh {@code Idempotency-Key}; with {@code --wait} it shows the job's progress until it
 * ends, with {@code --out} it then downloads every output, checks each against the manifest's
 * SHA-256 and prints where they are.
 *
 * <p>Environment: {@code AVATAR4D_API_URL} (default {@code http://127.0.0.1:$AVATAR4D_HTTP_PORT},
 * port 8080), {@code AVATAR4D_API_KEY} (default: the key {@code ./avatar4d up} keeps in {@code
 * $AVATAR4D_HOME/api-key}, home {@code .avatar4d}).
 *
 * <p>Exit status: 0 done (a submitted job SUCCEEDED with {@code --wait}), 1 the job FAILED or was
 * CANCELED, 2 usage, 3 the API refused or could not be reached, 4 a download did not match its
 * checksum.
 */
public final class CommandLine {
  static final String USAGE =
      "usage: avatar4d submit SOURCE DRIVING... [--views orbit:8] [--resolution 256]"
          + " [--formats png,mp4,depth,mesh] [--pose driving|source|fixed] [--model lite|full] [--fps 12]"
          + " [--cancel-after 10m] [--wait] [--out DIR]\n"
          + "       avatar4d status JOB_ID | cancel JOB_ID | list [--state QUEUED|RUNNING|...]";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration LONGEST_WAIT = Duration.ofHours(2);
  private static final int BAR = 30;

  private final JobClient client;
  private final PrintStream out;
  private final PrintStream err;

  CommandLine(JobClient client, PrintStream out, PrintStream err) {
    this.client = client;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  /** Runs one command with this environment and these streams; returns the exit status. */
  public static int run(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    try {
      CommandLine cli = new CommandLine(client(env), out, err);
      List<String> rest = args.subList(1, args.size());
      return switch (args.get(0)) {
        case "submit" -> cli.submit(Arguments.parse(rest));
        case "status" -> cli.status(single(rest));
        case "cancel" -> cli.cancel(single(rest));
        case "list" -> cli.list(Arguments.parse(rest));
        default -> throw new UsageException("unknown command '" + args.get(0) + "'");
      };
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (IOException e) {
      err.println("the API could not be reached: " + e.getMessage());
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    }
  }

  private int submit(Arguments a) throws IOException, InterruptedException {
    if (a.positional().size() < 2) {
      throw new UsageException("submit needs a source image and at least one driving frame");
    }
    JobClient.Upload source = upload(a.positional().get(0));
    List<JobClient.Upload> driving = new ArrayList<>();
    for (String file : a.positional().subList(1, a.positional().size())) {
      driving.add(upload(file));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Idempotency-Key", UUID.randomUUID().toString());
    a.option("cancel-after").ifPresent(v -> headers.put("Cancel-After", v));
    JobClient.Answer answer = client.submit(source, driving, options(a), headers);
    if (answer.status() != 202) {
      return refused("submit", answer);
    }
    String id = answer.body().path("id").asText();
    out.println("job " + id + " accepted (" + driving.size() + " driving frames)");
    if (!a.flag("wait") && a.option("out").isEmpty()) {
      return 0;
    }
    JsonNode done = follow(id);
    String state = done.path("state").asText();
    if (!state.equals("SUCCEEDED")) {
      out.println(
          "job "
              + id
              + " "
              + state
              + (done.hasNonNull("errorCode") ? " (" + done.path("errorCode").asText() + ")" : "")
              + (done.hasNonNull("error") ? ": " + done.path("error").asText() : ""));
      return 1;
    }
    out.println("job " + id + " SUCCEEDED");
    if (a.option("out").isPresent()) {
      return download(done, Path.of(a.option("out").get()));
    }
    return 0;
  }

  /** Polls the job, drawing one progress line, until it ends. */
  private JsonNode follow(String id) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(LONGEST_WAIT);
    String last = "";
    while (true) {
      JobClient.Answer answer = client.get(id);
      JsonNode job = answer.body();
      String line = progressLine(job);
      if (!line.equals(last)) {
        out.println(line);
        last = line;
      }
      if (JobClient.isTerminal(job.path("state").asText()) || Instant.now().isAfter(deadline)) {
        return job;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** {@code [#########.....] 12/40 frames RUNNING on worker-1} or the queue place. */
  static String progressLine(JsonNode job) {
    String state = job.path("state").asText();
    JsonNode p = job.path("progress");
    int done = p.path("framesDone").asInt();
    int total = Math.max(1, p.path("framesTotal").asInt());
    int filled = (int) Math.round((double) BAR * done / total);
    StringBuilder line =
        new StringBuilder("[")
            .append("#".repeat(filled))
            .append(".".repeat(BAR - filled))
            .append("] ")
            .append(done)
            .append('/')
            .append(total)
            .append(" frames ")
            .append(state);
    JsonNode queue = job.path("queue");
    if (state.equals("QUEUED") && !queue.isMissingNode()) {
      line.append(", position ").append(queue.path("position").asInt());
      if (queue.hasNonNull("estimatedWaitSeconds")) {
        line.append(", starts in about ")
            .append(Math.round(queue.path("estimatedWaitSeconds").asDouble()))
            .append(" s");
      }
    } else if (job.hasNonNull("worker")) {
      line.append(" on ").append(job.path("worker").asText());
    }
    return line.toString();
  }

  /** Downloads every output of a SUCCEEDED job under {@code dir}, checking each SHA-256. */
  private int download(JsonNode job, Path dir) throws IOException, InterruptedException {
    JsonNode files = job.path("manifest").path("files");
    if (!files.isArray() || files.isEmpty()) {
      err.println("job " + job.path("id").asText() + " lists no outputs");
      return 3;
    }
    String prefix = commonPrefix(files);
    int count = 0;
    for (JsonNode f : files) {
      String key = f.path("key").asText();
      byte[] bytes = client.download(f.path("url").asText());
      String sha = sha256(bytes);
      if (!sha.equals(f.path("sha256").asText())) {
        err.println(key + ": downloaded SHA-256 " + sha + " is not the manifest's");
        return 4;
      }
      Path target = dir.resolve(key.substring(prefix.length())).normalize();
      if (!target.startsWith(dir.normalize())) {
        err.println(key + ": refusing to write outside " + dir);
        return 4;
      }
      Files.createDirectories(target.getParent());
      Files.write(target, bytes);
      count++;
    }
    out.println(count + " outputs in " + dir.toAbsolutePath() + " (SHA-256 checked)");
    return 0;
  }

  private int status(String id) throws IOException, InterruptedException {
    JobClient.Answer answer = client.get(id);
    if (answer.status() != 200) {
      return refused("status", answer);
    }
    JsonNode job = answer.body();
    out.println(job.path("id").asText() + " " + progressLine(job));
    for (String field : List.of("errorCode", "error", "createdAt", "startedAt", "finishedAt")) {
      if (job.hasNonNull(field)) {
        out.println("  " + field + ": " + job.path(field).asText());
      }
    }
    if (job.path("queue").hasNonNull("basis")) {
      out.println("  queue: " + job.path("queue").path("basis").asText());
    }
    return 0;
  }

  private int cancel(String id) throws IOException, InterruptedException {
    JobClient.Answer answer = client.cancel(id);
    if (answer.status() != 200) {
      return refused("cancel", answer);
    }
    out.println("job " + id + " " + answer.body().path("state").asText());
    return 0;
  }

  private int list(Arguments a) throws IOException, InterruptedException {
    JobClient.Answer answer = client.list(a.option("state").orElse(null));
    if (answer.status() != 200) {
      return refused("list", answer);
    }
    for (JsonNode job : answer.body().path("jobs")) {
      out.println(job.path("id").asText() + " " + progressLine(job));
    }
    return 0;
  }

  private int refused(String what, JobClient.Answer answer) {
    JsonNode body = answer.body();
    String detail = body == null ? "" : body.path("detail").asText(body.toString());
    err.println(what + " refused (" + answer.status() + "): " + detail);
    for (JsonNode e : body == null ? JSON.createArrayNode() : body.path("errors")) {
      err.println("  " + e.path("field").asText() + ": " + e.path("message").asText());
    }
    return 3;
  }

  private static String options(Arguments a) {
    ObjectNode o = JSON.createObjectNode();
    a.option("views").ifPresent(v -> commaList(o.putArray("views"), v));
    a.option("formats").ifPresent(v -> commaList(o.putArray("formats"), v));
    a.option("model").ifPresent(v -> o.put("model", v));
    a.option("pose").ifPresent(v -> o.put("pose", v));
    a.option("resolution").ifPresent(v -> o.put("resolution", integer("resolution", v)));
    a.option("fps").ifPresent(v -> o.put("fps", integer("fps", v)));
    return o.toString();
  }

  private static void commaList(ArrayNode into, String value) {
    for (String item : value.split(",")) {
      into.add(item.trim());
    }
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a whole number, got '" + value + "'");
    }
  }

  private static JobClient.Upload upload(String file) throws IOException {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new UsageException("no such file: " + file);
    }
    return new JobClient.Upload(path.getFileName().toString(), Files.readAllBytes(path));
  }

  private static String single(List<String> rest) {
    if (rest.size() != 1) {
      throw new UsageException("expected exactly one job id");
    }
    return rest.get(0);
  }

  /** The run's prefix every output key shares ({@code jobs/{id}/output/attempt-…/}). */
  private static String commonPrefix(JsonNode files) {
    String prefix = files.get(0).path("key").asText();
    for (JsonNode f : files) {
      String key = f.path("key").asText();
      int i = 0;
      while (i < prefix.length() && i < key.length() && prefix.charAt(i) == key.charAt(i)) {
        i++;
      }
      prefix = prefix.substring(0, i);
    }
    return prefix.substring(0, prefix.lastIndexOf('/') + 1);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static JobClient client(Map<String, String> env) throws IOException {
    String port = env.getOrDefault("AVATAR4D_HTTP_PORT", "8080");
    URI base = URI.create(env.getOrDefault("AVATAR4D_API_URL", "http://127.0.0.1:" + port));
    String key = env.get("AVATAR4D_API_KEY");
    if (key == null) {
      Path file = Path.of(env.getOrDefault("AVATAR4D_HOME", ".avatar4d")).resolve("api-key");
      if (!Files.isRegularFile(file)) {
        throw new UsageException(
            "set AVATAR4D_API_KEY, or start the local stack with ./avatar4d up (it keeps its key in "
                + file
                + ")");
      }
      key = Files.readString(file).trim();
    }
    return new JobClient(base, key);
  }

  /** A command line that cannot be run; the message says why. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
