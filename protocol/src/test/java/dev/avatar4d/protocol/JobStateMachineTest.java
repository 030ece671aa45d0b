package dev.avatar4d.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobStateMachineTest {
  private final UUID job = UUID.randomUUID();

  private JobEvent event(int attempt, long seq, JobEventType type) {
    return new JobEvent(
        UUID.randomUUID(),
        job,
        attempt,
        seq,
        type,
        "w1",
        Instant.EPOCH,
        0,
        1,
        type == JobEventType.FAILED ? "boom" : null,
        type == JobEventType.SUCCEEDED ? "jobs/x/output/manifest.json" : null,
        null);
  }

  @Test
  void terminalStatesHaveNoSuccessors() {
    for (JobState s : JobState.values()) {
      assertThat(JobStateMachine.successors(s).isEmpty()).isEqualTo(s.isTerminal());
    }
  }

  @Test
  void aQueuedJobCannotSucceedWithoutRunning() {
    assertThat(JobStateMachine.canMove(JobState.QUEUED, JobState.SUCCEEDED)).isFalse();
    assertThat(JobStateMachine.decide(JobState.QUEUED, null, event(1, 0, JobEventType.SUCCEEDED)))
        .isEqualTo(JobStateMachine.Decision.REJECT_ILLEGAL);
  }

  @Test
  void aReplayedOrOlderEventChangesNothing() {
    EventOrder last = new EventOrder(1, 5);
    assertThat(JobStateMachine.decide(JobState.RUNNING, last, event(1, 5, JobEventType.PROGRESS)))
        .isEqualTo(JobStateMachine.Decision.IGNORE_STALE);
    assertThat(JobStateMachine.decide(JobState.RUNNING, last, event(1, 3, JobEventType.SUCCEEDED)))
        .isEqualTo(JobStateMachine.Decision.IGNORE_STALE);
  }

  @Test
  void aLaterAttemptOutranksEveryEventOfAnEarlierOne() {
    EventOrder last = new EventOrder(1, 900);
    assertThat(JobStateMachine.decide(JobState.QUEUED, last, event(2, 0, JobEventType.STARTED)))
        .isEqualTo(JobStateMachine.Decision.APPLY);
  }

  @Test
  void aLostLeaseSendsARunningJobBackToTheQueue() {
    assertThat(
            JobStateMachine.decide(
                JobState.RUNNING, new EventOrder(1, 2), event(1, 3, JobEventType.REQUEUED)))
        .isEqualTo(JobStateMachine.Decision.APPLY);
  }

  @Test
  void nothingMovesAJobOutOfATerminalState() {
    assertThat(
            JobStateMachine.decide(
                JobState.CANCELED, new EventOrder(1, 2), event(1, 3, JobEventType.SUCCEEDED)))
        .isEqualTo(JobStateMachine.Decision.REJECT_ILLEGAL);
  }
}
