package dev.avatar4d.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkerActivityTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final WorkerActivity activity = new WorkerActivity("w1");
  private final UUID job = UUID.randomUUID();

  @Test
  void aStartedJobIsCurrentAndFollowsItsProgress() {
    activity.apply(event("w1", job, 1, JobEventType.STARTED, 0, 0));
    activity.apply(event("w1", job, 1, JobEventType.PROGRESS, 2, 3));

    assertThat(activity.current().jobId()).isEqualTo(job);
    assertThat(activity.current().framesDone()).isEqualTo(3);
    assertThat(activity.current().framesTotal()).isEqualTo(6);
    assertThat(activity.last()).isNull();
  }

  @Test
  void aSucceededJobGivesFramesPerSecondFromStartToFinish() {
    activity.apply(event("w1", job, 1, JobEventType.STARTED, 0, 0));
    activity.apply(event("w1", job, 1, JobEventType.SUCCEEDED, 4, 6));

    assertThat(activity.current()).isNull();
    assertThat(activity.last().jobId()).isEqualTo(job);
    assertThat(activity.last().seconds()).isEqualTo(4.0);
    assertThat(activity.last().framesPerSecond()).isEqualTo(1.5);
  }

  @Test
  void aFailedOrCanceledJobIsNoLongerCurrentAndLeavesTheLastSpeedAlone() {
    activity.apply(event("w1", job, 1, JobEventType.STARTED, 0, 0));
    activity.apply(event("w1", job, 1, JobEventType.SUCCEEDED, 2, 6));
    UUID other = UUID.randomUUID();
    activity.apply(event("w1", other, 1, JobEventType.STARTED, 3, 0));
    activity.apply(event("w1", other, 1, JobEventType.CANCELED, 4, 0));

    assertThat(activity.current()).isNull();
    assertThat(activity.last().jobId()).isEqualTo(job);
  }

  @Test
  void eventsOfOtherWorkersChangeNothing() {
    activity.apply(event("w2", job, 1, JobEventType.STARTED, 0, 0));

    assertThat(activity.current()).isNull();
  }

  private static JobEvent event(
      String worker, UUID job, int attempt, JobEventType type, int second, int done) {
    String error = type == JobEventType.FAILED ? "boom" : null;
    String manifest =
        type == JobEventType.SUCCEEDED ? "jobs/" + job + "/output/manifest.json" : null;
    int framesDone = type == JobEventType.SUCCEEDED ? 6 : done;
    return new JobEvent(
        UUID.randomUUID(),
        job,
        attempt,
        second,
        type,
        worker,
        T0.plusSeconds(second),
        framesDone,
        6,
        error,
        manifest,
        null);
  }
}
