package dev.avatar4d.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.protocol.JobEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A job's {@code Cancel-After} deadline on the whole system (gateway, outbox, Kafka, one worker
 * JVM): the worker stops the job at its deadline by itself, the job ends CANCELED with {@code
 * deadline-exceeded}, and its outputs are deleted. Its own worker, so that the cancel test's jobs
 * do not share it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobDeadlineEndToEndTest {
  private RunningSystem system;
  private EventTap events;

  @BeforeAll
  void startEverything() throws Exception {
    system = RunningSystem.start(RunningSystem.freshHome("deadline"), 1);
    events = new EventTap(system.stack.bootstrapServers());
  }

  @AfterAll
  void stopEverything() {
    if (events != null) {
      events.close();
    }
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aJobPastItsCancelAfterIsStoppedByItsWorkerWithinTwoSecondsOfTheDeadline() throws Exception {
    // A warm worker, so that the deadline lands while frames render (the face front end of a
    // cold worker's first job takes seconds and has no checkpoint).
    String warmUp =
        system
            .client
            .submit(SampleJob.source(), SampleJob.driving(1), CancellationLatencyTest.SHORT_JOB)
            .body()
            .path("id")
            .asText();
    system.client.awaitTerminal(warmUp, Duration.ofMinutes(2), Duration.ofMillis(100));

    JobClient.Answer submitted =
        system.client.submit(
            SampleJob.source(),
            CancellationLatencyTest.longDriving(),
            CancellationLatencyTest.LONG_JOB,
            Map.of("Cancel-After", "10s"));
    assertThat(submitted.status()).isEqualTo(202);
    String id = submitted.body().path("id").asText();
    Instant cancelAt = Instant.parse(submitted.body().path("cancelAt").asText());

    EventTap.TimedEvent stopped =
        events.await(UUID.fromString(id), JobEventType.CANCELED, Duration.ofSeconds(60));
    int framesDone = events.lastProgress(UUID.fromString(id));
    Duration late = Duration.between(cancelAt, stopped.event().at());
    System.out.printf(
        "deadline: the worker's CANCELED event came %d ms after the job's Cancel-After (after %d"
            + " of %d frames)%n",
        late.toMillis(), framesDone, CancellationLatencyTest.LONG_JOB_FRAMES);

    // The gateway applies the worker's event (or its own sweep ends the job) a moment later.
    JsonNode job = system.client.awaitTerminal(id, Duration.ofSeconds(10), Duration.ofMillis(50));
    assertThat(job.path("state").asText()).isEqualTo("CANCELED");
    assertThat(job.path("errorCode").asText()).isEqualTo("deadline-exceeded");
    assertThat(framesDone).as("frames rendered before the deadline").isPositive();
    assertThat(late).as("worker stopped after the deadline").isLessThan(Duration.ofSeconds(2));
    CancellationLatencyTest.awaitNoOutputsLeft(system, id);
  }
}
