package dev.avatar4d.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.protocol.EventOrder;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.ViewPresets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobEventTransitionTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ModelStamp MODEL = new ModelStamp("lite", "a".repeat(64), true, "cuda:0");
  private final JobRow queued =
      JobRow.accepted(
          UUID.randomUUID(),
          "t",
          new JobOptions(
              ViewPresets.expand("front", "v"), "lite", 256, Set.of(OutputFormat.PNG), 12),
          4,
          T0);

  @Test
  void startedSetsWorkerAttemptModelAndStartTime() {
    JobRow running =
        JobEventTransition.apply(
            queued, event(1, 0, JobEventType.STARTED, 0, null), T0.plusSeconds(2));
    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    assertThat(running.workerId()).isEqualTo("w1");
    assertThat(running.attempt()).isEqualTo(1);
    assertThat(running.lastApplied()).isEqualTo(new EventOrder(1, 0));
    assertThat(running.model()).isEqualTo(MODEL);
    assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(running.updatedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(running.finishedAt()).isNull();
  }

  @Test
  void requeuedResetsProgressAndKeepsTheFirstStartTime() {
    JobRow running =
        JobEventTransition.apply(queued, event(1, 0, JobEventType.PROGRESS, 3, null), T0);
    JobRow requeued =
        JobEventTransition.apply(running, event(1, 1, JobEventType.REQUEUED, 0, "lease lost"), T0);
    assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
    assertThat(requeued.framesDone()).isZero();
    assertThat(requeued.workerId()).isNull();
    assertThat(requeued.startedAt()).isEqualTo(running.startedAt());
  }

  @Test
  void aTerminalEventSetsTheFinishTimeAndError() {
    JobRow failed =
        JobEventTransition.apply(queued, event(1, 0, JobEventType.FAILED, 0, "bad input"), T0);
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).isEqualTo("bad input");
    assertThat(failed.finishedAt()).isEqualTo(T0.plusSeconds(1));
  }

  private static JobEvent event(int attempt, long seq, JobEventType type, int done, String error) {
    return new JobEvent(
        UUID.randomUUID(),
        UUID.randomUUID(),
        attempt,
        seq,
        type,
        "w1",
        T0.plusSeconds(1),
        done,
        4,
        error,
        null,
        MODEL);
  }
}
