package dev.avatar4d.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.client.SampleJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges what became of a set of accepted jobs after faults, from the outside: the public API
 * (state, manifest, presigned downloads) and the gateway's PostgreSQL tables ({@code jobs}, {@code
 * job_events}), read directly.
 *
 * <ul>
 *   <li><b>lost</b>: accepted but not terminal when the wait ends, or SUCCEEDED with an output that
 *       cannot be downloaded or does not match its manifest entry (size, SHA-256);
 *   <li><b>duplicated</b>: more than one terminal event APPLIED to the job, or a manifest that
 *       mixes outputs of two runs (keys under {@code attempt-N-RUN/} of different N or RUN, of an
 *       attempt other than the manifest's own, or not under a run prefix at all);
 *   <li><b>unexplained</b>: FAILED with an error that does not name the injected fault, or CANCELED
 *       though nobody canceled it.
 * </ul>
 */
final class JobAudit {
  static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED");
  private static final Pattern ATTEMPT_KEY =
      Pattern.compile("/output/attempt-(\\d+)-([0-9a-f]{8})/");
  private static final Path FIGURES = Path.of("target", "fault-figures.txt");
  private static boolean figuresStarted;

  private JobAudit() {}

  // ---- submitting ------------------------------------------------------------------------------

  /** Options of a small job: {@code views} of front / left / right, 64 px, PNG only. */
  static String tinyOptions(int views) {
    String v =
        switch (views) {
          case 1 -> "\"front\"";
          case 2 -> "\"front\",\"left\"";
          default -> "\"front\",\"left\",\"right\"";
        };
    return "{\"views\":[" + v + "],\"resolution\":64,\"formats\":[\"png\"]}";
  }

  /**
   * Submits a small job; returns its id when the gateway answered 202, empty otherwise (refused or
   * unreachable: not accepted, so it cannot be lost). Prints refusals.
   */
  static Optional<String> trySubmit(JobClient client, int frames, int views) {
    try {
      JobClient.Answer a =
          client.submit(SampleJob.source(), SampleJob.driving(frames), tinyOptions(views));
      if (a.status() == 202) {
        return Optional.of(a.body().path("id").asText());
      }
      System.out.printf("submission refused: HTTP %d %s%n", a.status(), a.body());
    } catch (IOException e) {
      System.out.printf("submission failed: %s%n", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return Optional.empty();
  }

  // ---- the database, read directly -------------------------------------------------------------

  static Connection db(RunningSystem system) throws SQLException {
    return DriverManager.getConnection(
        system.stack.jdbcUrl(), system.stack.dbUser(), system.stack.dbPassword());
  }

  /** Jobs per state over the whole jobs table; empty when the database cannot be reached. */
  static Map<String, Integer> stateCounts(RunningSystem system) {
    Map<String, Integer> counts = new TreeMap<>();
    try (Connection c = db(system);
        ResultSet rs =
            c.createStatement().executeQuery("SELECT state, count(*) FROM jobs GROUP BY state")) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getInt(2));
      }
    } catch (SQLException e) {
      return Map.of();
    }
    return counts;
  }

  /** Workers of the jobs RUNNING now, per the gateway. */
  static List<String> runningWorkers(RunningSystem system) {
    List<String> workers = new ArrayList<>();
    try (Connection c = db(system);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT worker_id FROM jobs WHERE state = 'RUNNING' AND worker_id IS NOT NULL")) {
      while (rs.next()) {
        workers.add(rs.getString(1));
      }
    } catch (SQLException e) {
      // The caller treats "don't know" like "none".
    }
    return workers;
  }

  static int unpublishedOutbox(RunningSystem system) throws SQLException {
    try (Connection c = db(system);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Waits until {@code test} holds for the state counts; fails after {@code timeout}. */
  static Map<String, Integer> awaitStates(
      RunningSystem system,
      String what,
      Duration timeout,
      java.util.function.Predicate<Map<String, Integer>> test)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Map<String, Integer> counts = stateCounts(system);
      if (test.test(counts)) {
        return counts;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("waited " + timeout + " for " + what + "; job states " + counts);
      }
      Thread.sleep(100);
    }
  }

  /**
   * Seconds from {@code from} to the first event of {@code types} (all when empty) APPLIED after
   * it; -1 if none.
   */
  static double secondsToFirstApplied(RunningSystem system, Instant from, String... types)
      throws SQLException {
    String sql =
        "SELECT min(received_at) FROM job_events WHERE decision = 'APPLY' AND received_at >= ?"
            + (types.length == 0 ? "" : " AND type = ANY (?)");
    try (Connection c = db(system);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(from));
      if (types.length > 0) {
        ps.setArray(2, c.createArrayOf("text", types));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Timestamp t = rs.getTimestamp(1);
        return t == null ? -1 : Duration.between(from, t.toInstant()).toMillis() / 1000.0;
      }
    }
  }

  // ---- the verdict -----------------------------------------------------------------------------

  /**
   * What became of the accepted jobs. {@code jobs} holds the last view of each (null if never
   * read).
   */
  record Verdict(
      Map<String, JsonNode> jobs,
      List<String> lost,
      List<String> duplicated,
      List<String> unexplained,
      List<String> failedWithCause,
      List<String> strayNonTerminal,
      int succeeded,
      int failed,
      int canceled,
      int redelivered) {

    boolean clean() {
      return lost.isEmpty()
          && duplicated.isEmpty()
          && unexplained.isEmpty()
          && strayNonTerminal.isEmpty();
    }

    String problems() {
      return "lost "
          + lost
          + "; duplicated "
          + duplicated
          + "; unexplained "
          + unexplained
          + "; non-terminal rows not accepted by us "
          + strayNonTerminal;
    }
  }

  /**
   * Waits up to {@code timeout} for every job in {@code ids} to be terminal (tolerating a gateway
   * that is briefly unreachable), then checks each as described on the class. A FAILED job is
   * acceptable only when its error matches {@code causes}.
   */
  static Verdict judge(RunningSystem system, Set<String> ids, Duration timeout, Pattern causes)
      throws Exception {
    Map<String, JsonNode> last = new LinkedHashMap<>();
    Set<String> pending = new LinkedHashSet<>(ids);
    Instant deadline = Instant.now().plus(timeout);
    while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
      for (var it = pending.iterator(); it.hasNext(); ) {
        String id = it.next();
        JsonNode job = tryGet(system.client, id);
        if (job != null) {
          last.put(id, job);
          if (TERMINAL.contains(job.path("state").asText())) {
            it.remove();
          }
        }
      }
      if (!pending.isEmpty()) {
        Thread.sleep(500);
      }
    }

    List<String> lost = new ArrayList<>();
    List<String> duplicated = new ArrayList<>();
    List<String> unexplained = new ArrayList<>();
    List<String> failedWithCause = new ArrayList<>();
    int succeeded = 0;
    int failed = 0;
    int canceled = 0;
    int redelivered = 0;
    for (String id : pending) {
      lost.add(id + " stuck " + (last.get(id) == null ? "unreadable" : summary(last.get(id))));
    }
    Map<String, Integer> terminalApplies = terminalApplies(system);
    Map<String, String> dbStates = dbStates(system);
    for (String id : ids) {
      JsonNode job = last.get(id);
      if (job == null || pending.contains(id)) {
        continue;
      }
      String state = job.path("state").asText();
      if (job.path("attempt").asInt() > 1) {
        redelivered++;
      }
      if (!state.equals(dbStates.get(id))) {
        duplicated.add(id + " API says " + state + " but the jobs table says " + dbStates.get(id));
      }
      int applies = terminalApplies.getOrDefault(id, 0);
      if (applies > 1) {
        duplicated.add(id + " has " + applies + " applied terminal events");
      }
      switch (state) {
        case "SUCCEEDED" -> {
          succeeded++;
          String problem = checkOutputs(system.client, job);
          if (problem != null) {
            (problem.startsWith("mixed") ? duplicated : lost).add(id + " " + problem);
          }
        }
        case "FAILED" -> {
          failed++;
          String error = job.path("error").asText("");
          (causes.matcher(error).find() ? failedWithCause : unexplained)
              .add(id + " attempt " + job.path("attempt").asInt() + ": " + error);
        }
        default -> {
          canceled++;
          unexplained.add(id + " CANCELED though nobody canceled it");
        }
      }
    }
    List<String> stray = new ArrayList<>();
    dbStates.forEach(
        (id, state) -> {
          if (!ids.contains(id) && !TERMINAL.contains(state)) {
            stray.add(id + " " + state);
          }
        });
    return new Verdict(
        last,
        lost,
        duplicated,
        unexplained,
        failedWithCause,
        stray,
        succeeded,
        failed,
        canceled,
        redelivered);
  }

  private static JsonNode tryGet(JobClient client, String id) throws InterruptedException {
    try {
      JobClient.Answer a = client.get(id);
      return a.status() == 200 ? a.body() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String summary(JsonNode job) {
    return job.path("state").asText()
        + " attempt "
        + job.path("attempt").asInt()
        + " worker "
        + job.path("worker").asText()
        + " frames "
        + job.path("progress").path("framesDone").asInt()
        + " error "
        + job.path("error").asText("-");
  }

  /**
   * Null when every manifest file downloads and matches; else what is wrong ("mixed ..." for
   * attempts).
   */
  private static String checkOutputs(JobClient client, JsonNode job) throws InterruptedException {
    JsonNode manifest = job.path("manifest");
    JsonNode files = manifest.path("files");
    if (!files.isArray() || files.isEmpty()) {
      return "SUCCEEDED without a manifest listing outputs";
    }
    int attempt = manifest.path("attempt").asInt();
    if (attempt != job.path("attempt").asInt()) {
      return "mixed attempts: manifest of attempt "
          + attempt
          + " on a job at attempt "
          + job.path("attempt").asInt();
    }
    Set<String> keys = new HashSet<>();
    String run = null;
    for (JsonNode f : files) {
      String key = f.path("key").asText();
      if (!keys.add(key)) {
        return "mixed attempts: " + key + " listed twice";
      }
      Matcher m = ATTEMPT_KEY.matcher(key);
      if (!m.find()) {
        return "mixed attempts: " + key + " is not under a run prefix";
      }
      if (Integer.parseInt(m.group(1)) != attempt) {
        return "mixed attempts: " + key + " in the manifest of attempt " + attempt;
      }
      if (run == null) {
        run = m.group(2);
      } else if (!run.equals(m.group(2))) {
        return "mixed attempts: " + key + " beside outputs of run " + run;
      }
      byte[] bytes;
      try {
        bytes = client.download(f.path("url").asText());
      } catch (IOException e) {
        return "output " + key + " does not download: " + e.getMessage();
      }
      if (bytes.length != f.path("size").asLong()
          || !sha256(bytes).equals(f.path("sha256").asText())) {
        return "output " + key + " does not match its manifest entry (" + bytes.length + " bytes)";
      }
    }
    return null;
  }

  /** Terminal events (SUCCEEDED, FAILED, CANCELED) APPLIED per job. */
  private static Map<String, Integer> terminalApplies(RunningSystem system) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (Connection c = db(system);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT job_id::text, count(*) FROM job_events WHERE decision = 'APPLY'"
                        + " AND type IN ('SUCCEEDED', 'FAILED', 'CANCELED') GROUP BY job_id")) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getInt(2));
      }
    }
    return counts;
  }

  private static Map<String, String> dbStates(RunningSystem system) throws SQLException {
    Map<String, String> states = new HashMap<>();
    try (Connection c = db(system);
        ResultSet rs = c.createStatement().executeQuery("SELECT id::text, state FROM jobs")) {
      while (rs.next()) {
        states.put(rs.getString(1), rs.getString(2));
      }
    }
    return states;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- figures ---------------------------------------------------------------------------------

  /**
   * Prints {@code line} and appends it to {@code target/fault-figures.txt}; the first line written
   * by this JVM starts the file afresh, so it holds the figures of the latest run.
   */
  static synchronized void figure(String line) {
    System.out.println("FIGURES " + line);
    try {
      Files.createDirectories(FIGURES.getParent());
      if (!figuresStarted) {
        figuresStarted = true;
        Files.writeString(
            FIGURES, "# fault and soak figures, " + Instant.now() + "\n", StandardCharsets.UTF_8);
      }
      Files.writeString(FIGURES, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The per-scenario line: faults, jobs and what became of them, recovery. */
  static String scenarioLine(
      String scenario,
      int faults,
      int accepted,
      Verdict v,
      double recoverySeconds,
      double firstSuccessSeconds,
      String extra) {
    return String.format(
        Locale.ROOT,
        "%-16s faults=%d jobs=%d succeeded=%d failed=%d lost=%d duplicated=%d redelivered=%d"
            + " recovery_s=%.1f first_success_s=%.1f%s",
        scenario,
        faults,
        accepted,
        v.succeeded(),
        v.failed(),
        v.lost().size(),
        v.duplicated().size(),
        v.redelivered(),
        recoverySeconds,
        firstSuccessSeconds,
        extra.isEmpty() ? "" : " " + extra);
  }
}
