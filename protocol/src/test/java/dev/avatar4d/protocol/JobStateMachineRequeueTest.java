package dev.avatar4d.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The gateway-side FAILED → QUEUED rule of re-drive and retry, and what it leaves forbidden. */
class JobStateMachineRequeueTest {
  private final UUID job = UUID.randomUUID();

  @Test
  void onlyAFailedJobMayBeRequeuedByTheGateway() {
    for (JobState s : JobState.values()) {
      assertThat(JobStateMachine.canRequeue(s)).as(s.name()).isEqualTo(s == JobState.FAILED);
    }
  }

  @Test
  void aWorkerEventStillCannotMoveAFailedJobBackToTheQueue() {
    assertThat(JobStateMachine.canMove(JobState.FAILED, JobState.QUEUED)).isFalse();
    assertThat(
            JobStateMachine.decide(
                JobState.FAILED, new EventOrder(3, 4), event(3, 5, JobEventType.REQUEUED)))
        .isEqualTo(JobStateMachine.Decision.REJECT_ILLEGAL);
    assertThat(
            JobStateMachine.decide(
                JobState.FAILED, new EventOrder(3, 4), event(4, 0, JobEventType.STARTED)))
        .isEqualTo(JobStateMachine.Decision.REJECT_ILLEGAL);
  }

  @Test
  void afterARequeueTheNextAttemptsEventsApplyAndTheOldAttemptsDoNot() {
    // What the gateway records on re-drive: every event of the attempts so far is behind it.
    EventOrder fence = new EventOrder(3, Long.MAX_VALUE);
    assertThat(JobStateMachine.decide(JobState.QUEUED, fence, event(4, 0, JobEventType.STARTED)))
        .isEqualTo(JobStateMachine.Decision.APPLY);
    assertThat(JobStateMachine.decide(JobState.QUEUED, fence, event(3, 9, JobEventType.STARTED)))
        .isEqualTo(JobStateMachine.Decision.IGNORE_STALE);
  }

  private JobEvent event(int attempt, long seq, JobEventType type) {
    return new JobEvent(
        UUID.randomUUID(), job, attempt, seq, type, "w1", Instant.EPOCH, 0, 1, null, null, null);
  }
}
