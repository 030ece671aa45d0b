package dev.avatar4d.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Breaks one component on purpose in the middle of a run and checks that nothing accepted is lost
 * or finished twice: every accepted job ends in exactly one terminal state, every output of a
 * SUCCEEDED job downloads through its presigned URL and matches its SHA-256, no job has two applied
 * terminal events, and a job that FAILED says which fault it met. Each scenario runs on a fresh
 * system (real Kafka, PostgreSQL, S3, gateway and 2 worker JVMs) with small jobs, and prints a
 * {@code FIGURES} line (also in {@code target/fault-figures.txt}); {@code recovery_s} is from the
 * component being back to the first event the gateway applied afterwards, {@code first_success_s}
 * to the first job that then finished.
 *
 * <p>Scenarios: Kafka stopped (SIGTERM) and, separately, killed (SIGKILL), each for about 10 s with
 * jobs queued and running, and jobs accepted meanwhile; PostgreSQL stopped (fast shutdown) and,
 * separately, killed (SIGKILL, crash recovery at the next start), each for 10 s; the S3 server
 * unreachable (connections refused) for 30 s; the gateway killed (SIGKILL) with an outbox backlog
 * built while Kafka was down, then Kafka and a new gateway on the same port started. A worker
 * killed with SIGKILL in the middle of a job is {@link WorkerCrashTest}; {@link SoakTest} kills
 * workers repeatedly under load. About 6 to 7 minutes in all on 2 cores, most of it starting the
 * six systems and the S3 outage's 30 s.
 */
class FaultToleranceTest {
  private static final Duration SETTLE = Duration.ofMinutes(4);
  private static final Pattern KAFKA_CAUSE =
      Pattern.compile("(?i)kafka|broker|publish|acknowledg|lease|timed? ?out|disconnect");
  private static final Pattern S3_CAUSE =
      Pattern.compile("(?i)s3|storage|object store|minio|connect|refused|socket|i/o|ioexception");
  private static final Pattern DB_CAUSE =
      Pattern.compile("(?i)database|postgres|sql|jdbc|connection");

  private RunningSystem system;

  private RunningSystem start(TestInfo test) throws Exception {
    String name = test.getTestMethod().orElseThrow().getName();
    system = RunningSystem.start(RunningSystem.freshHome("fault-" + name), 2);
    return system;
  }

  @AfterEach
  void stopEverything() {
    if (system != null) {
      system.close();
      system = null;
    }
  }

  @Test
  void aKafkaRestartWithJobsQueuedAndRunningLosesAndDuplicatesNothing(TestInfo test)
      throws Exception {
    kafkaGoesAway(test, "kafka-restart", false);
  }

  @Test
  void aKafkaCrashWithJobsQueuedAndRunningLosesAndDuplicatesNothing(TestInfo test)
      throws Exception {
    kafkaGoesAway(test, "kafka-kill9", true);
  }

  /**
   * Kafka stopped (SIGTERM, controlled shutdown) or killed (SIGKILL), down about 10 s, started
   * again.
   */
  private void kafkaGoesAway(TestInfo test, String scenario, boolean crash) throws Exception {
    start(test);
    Set<String> ids = submit(10, 3, 2);
    awaitRunningAndQueued();

    Instant down = Instant.now();
    if (crash) {
      system.stack.kafka().kill();
    } else {
      system.stack.stopKafka();
    }
    // Accepted while the broker is down: they wait in the outbox.
    ids.addAll(submit(2, 1, 1));
    sleepUntil(down.plusSeconds(10));
    system.stack.startKafka();
    Instant up = Instant.now();
    System.out.printf(
        "Kafka %s, down for %.1f s%n",
        crash ? "killed" : "stopped", Duration.between(down, up).toMillis() / 1000.0);
    ids.addAll(submit(2, 1, 1));

    report(scenario, ids, up, KAFKA_CAUSE, "down_s=" + seconds(down, up));
  }

  @Test
  void aPostgresRestartWithJobsQueuedAndRunningLosesAndDuplicatesNothing(TestInfo test)
      throws Exception {
    postgresGoesAway(test, "postgres-restart", false);
  }

  @Test
  void aPostgresCrashWithJobsQueuedAndRunningLosesAndDuplicatesNothing(TestInfo test)
      throws Exception {
    postgresGoesAway(test, "postgres-kill9", true);
  }

  /**
   * PostgreSQL stopped (fast shutdown) or killed (SIGKILL of the postmaster: its backends die with
   * it and the next start runs crash recovery), down about 10 s, started again.
   */
  private void postgresGoesAway(TestInfo test, String scenario, boolean crash) throws Exception {
    start(test);
    Set<String> ids = submit(10, 3, 2);
    awaitRunningAndQueued();

    Instant down = Instant.now();
    if (crash) {
      system.stack.postgres().kill();
    } else {
      system.stack.stopPostgres();
    }
    // The gateway cannot record a job without its database: these are refused, not accepted.
    Set<String> duringOutage = submit(2, 1, 1);
    ids.addAll(duringOutage);
    sleepUntil(down.plusSeconds(10));
    system.stack.startPostgres();
    Instant up = Instant.now();
    System.out.printf(
        "PostgreSQL %s, down for %.1f s; %d of 2 submissions accepted meanwhile%n",
        crash ? "killed" : "stopped",
        Duration.between(down, up).toMillis() / 1000.0,
        duringOutage.size());
    Set<String> after = awaitAccepted(2, Duration.ofSeconds(60));
    ids.addAll(after);

    report(
        scenario,
        ids,
        up,
        DB_CAUSE,
        "down_s=" + seconds(down, up) + " accepted_while_down=" + duringOutage.size());
  }

  @Test
  void s3UnreachableForThirtySecondsLosesAndDuplicatesNothing(TestInfo test) throws Exception {
    start(test);
    Set<String> ids = submit(10, 3, 2);
    awaitRunningAndQueued();

    Instant down = Instant.now();
    system.stack.stopS3();
    // The inputs cannot be stored: refused, not accepted.
    Set<String> duringOutage = submit(1, 1, 1);
    ids.addAll(duringOutage);
    sleepUntil(down.plusSeconds(30));
    system.stack.startS3();
    Instant up = Instant.now();
    System.out.printf(
        "S3 down for %.1f s; %d of 1 submission accepted meanwhile%n",
        Duration.between(down, up).toMillis() / 1000.0, duringOutage.size());
    ids.addAll(submit(2, 1, 1));

    report(
        "s3-outage-30s",
        ids,
        up,
        S3_CAUSE,
        "down_s=" + seconds(down, up) + " accepted_while_down=" + duringOutage.size());
  }

  @Test
  void aGatewayKilledWithAnOutboxBacklogDispatchesEveryJobAfterItsRestart(TestInfo test)
      throws Exception {
    start(test);
    system.stack.stopKafka();
    Set<String> ids = submit(6, 2, 1);
    assertThat(ids).as("jobs are accepted while Kafka is down").hasSize(6);
    int backlog = JobAudit.unpublishedOutbox(system);
    assertThat(backlog).as("the jobs wait in the outbox").isGreaterThanOrEqualTo(6);

    Instant killed = Instant.now();
    system.gateway.kill();
    system.stack.startKafka();
    system.startGateway();
    Instant up = Instant.now();
    System.out.printf(
        "gateway killed with %d outbox rows unpublished; Kafka and a new gateway up in %.1f s%n",
        backlog, Duration.between(killed, up).toMillis() / 1000.0);

    report("gateway-restart", ids, up, KAFKA_CAUSE, "outbox_backlog=" + backlog);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private Set<String> submit(int count, int frames, int views) {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      JobAudit.trySubmit(system.client, frames - (i % frames), 1 + (i % views)).ifPresent(ids::add);
    }
    return ids;
  }

  /** Submits until {@code count} are accepted (the gateway may need a moment after a fault). */
  private Set<String> awaitAccepted(int count, Duration timeout) throws InterruptedException {
    Set<String> ids = new LinkedHashSet<>();
    Instant deadline = Instant.now().plus(timeout);
    while (ids.size() < count) {
      assertThat(Instant.now()).as("the gateway accepts jobs again").isBefore(deadline);
      JobAudit.trySubmit(system.client, 1, 1).ifPresentOrElse(ids::add, () -> sleep(500));
    }
    return ids;
  }

  private void awaitRunningAndQueued() throws InterruptedException {
    Map<String, Integer> states =
        JobAudit.awaitStates(
            system,
            "a job running and another queued",
            Duration.ofMinutes(2),
            s -> s.getOrDefault("RUNNING", 0) >= 1 && s.getOrDefault("QUEUED", 0) >= 1);
    System.out.println("fault injected with job states " + states);
  }

  private void report(String scenario, Set<String> ids, Instant up, Pattern causes, String extra)
      throws Exception {
    JobAudit.Verdict v = JobAudit.judge(system, ids, SETTLE, causes);
    double recovery = JobAudit.secondsToFirstApplied(system, up);
    double firstSuccess = JobAudit.secondsToFirstApplied(system, up, "SUCCEEDED");
    JobAudit.figure(
        JobAudit.scenarioLine(scenario, 1, ids.size(), v, recovery, firstSuccess, extra));
    v.failedWithCause().forEach(f -> System.out.println("  FAILED with its cause named: " + f));
    v.unexplained().forEach(f -> System.out.println("  UNEXPLAINED: " + f));
    v.lost().forEach(f -> System.out.println("  LOST: " + f));
    v.duplicated().forEach(f -> System.out.println("  DUPLICATED: " + f));

    assertThat(v.clean()).as(v.problems()).isTrue();
    assertThat(v.succeeded() + v.failed()).isEqualTo(ids.size());
    assertThat(v.succeeded()).as("jobs submitted after recovery succeed").isGreaterThan(0);
  }

  private static String seconds(Instant from, Instant to) {
    return String.format(
        java.util.Locale.ROOT, "%.1f", Duration.between(from, to).toMillis() / 1000.0);
  }

  private static void sleepUntil(Instant t) throws InterruptedException {
    long ms = Duration.between(Instant.now(), t).toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
