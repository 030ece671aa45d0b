package dev.avatar4d.gateway.jobs;

import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobState;
import java.time.Instant;

/**
 * What an event the state machine accepted does to a job row. Pure: no I/O, so the rules are easy
 * to read and to test.
 */
public final class JobEventTransition {
  private JobEventTransition() {}

  /** {@code job} after {@code event} was applied at {@code now} (the gateway's clock). */
  public static JobRow apply(JobRow job, JobEvent event, Instant now) {
    JobState target = event.type().target();
    boolean requeued = event.type() == JobEventType.REQUEUED;
    return job.toBuilder()
        .state(target)
        .framesDone(requeued ? 0 : event.framesDone())
        .attempt(event.attempt())
        .lastApplied(event.order())
        .workerId(requeued ? null : event.workerId())
        .model(event.model() != null ? event.model() : job.model())
        .error(event.error() != null ? event.error() : (requeued ? job.error() : null))
        .errorCode(
            target == JobState.FAILED || target == JobState.CANCELED ? event.errorCode() : null)
        .manifestKey(event.manifestKey() != null ? event.manifestKey() : job.manifestKey())
        .startedAt(
            job.startedAt() == null && target == JobState.RUNNING ? event.at() : job.startedAt())
        .finishedAt(target.isTerminal() ? event.at() : null)
        .updatedAt(now)
        .build();
  }
}
