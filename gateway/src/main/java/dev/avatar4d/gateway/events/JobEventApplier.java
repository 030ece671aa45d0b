package dev.avatar4d.gateway.events;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.jobs.JobEventTransition;
import dev.avatar4d.gateway.jobs.JobRepository;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.jobs.JobTransitions;
import dev.avatar4d.gateway.jobs.JobTransitions.Transition;
import dev.avatar4d.gateway.maintenance.OutputPruneRepository;
import dev.avatar4d.gateway.metrics.GatewayMetrics;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.JobStateMachine;
import dev.avatar4d.protocol.JobStateMachine.Decision;
import dev.avatar4d.storage.AttemptKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies one {@link JobEvent} in one transaction: lock the job, ask {@link
 * JobStateMachine#decide}, record the event (its id is unique, so a redelivery is recognised), and
 * update the job only when the decision is APPLY. Replays, stragglers and illegal moves are
 * recorded but change nothing.
 */
@ApplicationScoped
public class JobEventApplier {
  private static final Logger LOG = Logger.getLogger(JobEventApplier.class);

  private final Transactions tx;
  private final JobRepository jobs;
  private final JobEventRepository events;
  private final JobTransitions transitions;
  private final OutputPruneRepository prunes;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final Duration strayRunDelay;

  JobEventApplier(
      Transactions tx,
      JobRepository jobs,
      JobEventRepository events,
      JobTransitions transitions,
      OutputPruneRepository prunes,
      GatewayMetrics metrics,
      Clock clock,
      GatewayConfig config) {
    this.tx = tx;
    this.jobs = jobs;
    this.events = events;
    this.transitions = transitions;
    this.prunes = prunes;
    this.metrics = metrics;
    this.clock = clock;
    this.strayRunDelay = config.retention().strayRunDelay();
  }

  /** Applies {@code event}; a database failure propagates so that the caller retries it. */
  public EventOutcome apply(JobEvent event) {
    Result result =
        tx.inTransaction(
            c -> {
              Optional<JobRow> found = jobs.lock(c, event.jobId());
              if (found.isEmpty()) {
                return new Result(EventOutcome.UNKNOWN_JOB, null, null);
              }
              JobRow job = found.get();
              Decision decision = JobStateMachine.decide(job.state(), job.lastApplied(), event);
              Instant now = Sql.toDbPrecision(clock.instant());
              if (!events.insertIfNew(c, event, decision, now)) {
                return new Result(EventOutcome.DUPLICATE, job.state(), null);
              }
              Transition applied = null;
              if (decision == Decision.APPLY) {
                applied =
                    transitions.record(
                        c, JobEventTransition.apply(job, event, now), event.type(), now);
              }
              JobRow after = applied != null ? applied.job() : job;
              if (event.type() == JobEventType.SUCCEEDED && after.state() == JobState.SUCCEEDED) {
                // Every SUCCEEDED, applied or not: a late one from another run postpones the prune
                // past its writes.
                Optional<String> keep = AttemptKeys.prefixOfManifest(after.manifestKey());
                if (keep.isPresent()) {
                  prunes.schedule(c, job.id(), keep.get(), now.plus(strayRunDelay));
                }
              }
              return new Result(outcome(decision), job.state(), applied);
            });
    if (result.applied() != null) {
      transitions.announce(result.applied());
    }
    report(event, result);
    return result.outcome();
  }

  private void report(JobEvent event, Result result) {
    metrics.eventConsumed(result.outcome().name());
    JobState target = event.type().target();
    switch (result.outcome()) {
      case APPLIED -> {
        if (target.isTerminal()) {
          LOG.infof(
              "job %s %s (attempt %d, worker %s)",
              event.jobId(), target, event.attempt(), event.workerId());
        }
      }
      case ILLEGAL -> {
        // A worker confirming a cancel the API already applied is expected, not a fault.
        if (result.before() == target) {
          LOG.debugf(
              "job %s: %s event %s confirms its state",
              event.jobId(), event.type(), event.eventId());
        } else {
          LOG.warnf(
              "job %s: refused %s event %s, %s -> %s is not allowed",
              event.jobId(), event.type(), event.eventId(), result.before(), target);
        }
      }
      case UNKNOWN_JOB ->
          LOG.warnf("event %s names unknown job %s; ignored", event.eventId(), event.jobId());
      default ->
          LOG.debugf("job %s: event %s %s", event.jobId(), event.eventId(), result.outcome());
    }
  }

  private static EventOutcome outcome(Decision decision) {
    return switch (decision) {
      case APPLY -> EventOutcome.APPLIED;
      case IGNORE_STALE -> EventOutcome.STALE;
      case REJECT_ILLEGAL -> EventOutcome.ILLEGAL;
    };
  }

  /** {@code applied} is the job's change when the event changed it, else null. */
  private record Result(EventOutcome outcome, JobState before, Transition applied) {}
}
