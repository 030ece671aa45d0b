package dev.avatar4d.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.ViewPresets;
import dev.avatar4d.worker.config.WorkerConfig;
import dev.avatar4d.worker.job.AttemptEvents;
import dev.avatar4d.worker.job.AttemptRunner;
import dev.avatar4d.worker.job.AttemptStop;
import dev.avatar4d.worker.job.CancellationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.junit.jupiter.api.Test;

/**
 * The job loop against a scripted share group (no broker): what happens to a running attempt when
 * the consumer under it fails. Found under load in {@code JobLoopTest}: a renewal's commit timed
 * out, the loop rejoined, and the old run went on holding the single job thread while the
 * redelivered attempt queued behind it, unseen, until the test gave up.
 */
class JobLoopFaultTest {
  private final Clock clock = Clock.systemUTC();

  @Test
  void aRenewalThatTimesOutStopsTheRunBeforeTheRedeliveredAttemptRunsAndFinishesTheJob()
      throws Exception {
    JobRequest request = request();
    OneJobShareGroup group =
        new OneJobShareGroup(request.jobId().toString(), Json.toBytes(request));
    group.timeOutRenewals(1);
    FirstRunHangs runner = new FirstRunHangs();
    WorkerConfig config =
        WorkerConfig.fromEnv(
            Map.of(
                "AVATAR4D_KAFKA_BOOTSTRAP", "localhost:1",
                "AVATAR4D_WORKER_ID", "fault-test",
                "AVATAR4D_LEASE_RENEW_MS", "200"));
    try (EventPublisher events = new EventPublisher("localhost:1", "fault-test", clock)) {
      JobLoop loop =
          new JobLoop(
              config, runner, events, new CancellationRegistry(), null, clock, group::newMember);
      Thread thread = new Thread(loop, "fault-test-loop");
      thread.start();
      try {
        Instant deadline = Instant.now().plusSeconds(30);
        while (group.settledAs().isEmpty() && Instant.now().isBefore(deadline)) {
          Thread.sleep(50);
        }
      } finally {
        loop.stop(Duration.ofSeconds(5));
      }
    }

    assertThat(group.settledAs()).contains(AcknowledgeType.ACCEPT);
    assertThat(group.deliveries()).isEqualTo(2);
    assertThat(runner.attempts).containsExactly(1, 2);
    assertThat(runner.firstRunStoppedFor).contains(AttemptStop.Reason.ABANDONED);
    assertThat(runner.mostAtOnce.get()).isEqualTo(1);
  }

  private static JobRequest request() {
    UUID id = UUID.randomUUID();
    JobOptions options =
        new JobOptions(
            ViewPresets.expand("front", "views"), "lite", 64, Set.of(OutputFormat.PNG), 12);
    return new JobRequest(
        id,
        "default",
        "jobs/" + id + "/source.png",
        List.of("jobs/" + id + "/driving/0000.png"),
        options,
        Instant.now(),
        0);
  }

  /** The first run waits at its checkpoints until it is told to stop; later runs finish at once. */
  private static final class FirstRunHangs implements AttemptRunner {
    private final List<Integer> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile Optional<AttemptStop.Reason> firstRunStoppedFor = Optional.empty();

    @Override
    public void run(JobRequest request, AttemptEvents events, AttemptStop stop) {
      attempts.add(events.attempt());
      boolean first = attempts.size() == 1;
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        while (first) {
          stop.throwIfRequested();
          Thread.sleep(10);
        }
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } finally {
        if (first) {
          firstRunStoppedFor = stop.reason();
        }
        running.decrementAndGet();
      }
    }
  }
}
