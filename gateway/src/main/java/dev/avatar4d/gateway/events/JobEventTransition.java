package dev.avatar4d.gateway.events;

import dev.avatar4d.gateway.jobs.JobRow;
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
    return new JobRow(
        job.id(),
        job.tenant(),
        target,
        job.options(),
        job.framesTotal(),
        requeued ? 0 : event.framesDone(),
        event.attempt(),
        event.order(),
        requeued ? null : event.workerId(),
        event.model() != null ? event.model() : job.model(),
        event.error() != null ? event.error() : (requeued ? job.error() : null),
        event.manifestKey() != null ? event.manifestKey() : job.manifestKey(),
        job.createdAt(),
        job.startedAt() == null && target == JobState.RUNNING ? event.at() : job.startedAt(),
        target.isTerminal() ? event.at() : null,
        now,
        job.outputsDeletedAt());
  }
}
