package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.jobs.JobRepository;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.jobs.JobTransitions;
import dev.avatar4d.gateway.jobs.JobTransitions.Transition;
import dev.avatar4d.gateway.jobs.JobTransitions.WorkerMessage;
import dev.avatar4d.protocol.DurationText;
import dev.avatar4d.protocol.JobErrorCode;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobState;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Ends jobs past their own deadlines ({@code Cancel-After}, {@code Start-Within}), every {@code
 * avatar4d.deadline-sweep.interval}: the job becomes CANCELED with the deadline's error code, and a
 * CANCEL command for the workers is queued in the same transaction, as for a client's cancel. A
 * worker running the job stops it at its own deadline already (the job request carries it); this
 * sweep is what ends a job no worker has started, or one whose worker died.
 */
@ApplicationScoped
public class DeadlineSweeper {
  private static final Logger LOG = Logger.getLogger(DeadlineSweeper.class);

  private final Transactions tx;
  private final JobRepository jobs;
  private final DeadlineRepository deadlines;
  private final JobTransitions transitions;
  private final Clock clock;
  private final int batchSize;

  DeadlineSweeper(
      Transactions tx,
      JobRepository jobs,
      DeadlineRepository deadlines,
      JobTransitions transitions,
      Clock clock,
      GatewayConfig config) {
    this.tx = tx;
    this.jobs = jobs;
    this.deadlines = deadlines;
    this.transitions = transitions;
    this.clock = clock;
    this.batchSize = config.deadlineSweep().batchSize();
  }

  @Scheduled(
      identity = "avatar4d-deadlines",
      every = "{avatar4d.deadline-sweep.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    try {
      sweep(clock.instant());
    } catch (RuntimeException e) {
      LOG.warnf("deadline sweep failed, will retry: %s", e.getMessage());
    }
  }

  /** Cancels up to a batch of jobs past a deadline as of {@code now}; returns how many. */
  public synchronized int sweep(Instant now) {
    Instant at = Sql.toDbPrecision(now);
    List<UUID> due = tx.read(c -> deadlines.due(c, at, batchSize));
    int canceled = 0;
    for (UUID id : due) {
      Transition ended = end(id, at);
      if (ended != null) {
        canceled++;
        transitions.announce(ended);
        LOG.infof("job %s: %s", id, ended.job().error());
      }
    }
    return canceled;
  }

  private Transition end(UUID id, Instant now) {
    return tx.inTransaction(
        c -> {
          JobRow job = jobs.lock(c, id).orElse(null);
          // Rechecked under the lock: the job may have finished or started since the scan.
          JobRow ended = job == null ? null : passed(job, now);
          return ended == null
              ? null
              : transitions.record(
                  c, ended, JobEventType.CANCELED, now, WorkerMessage.cancel(id, now));
        });
  }

  /** {@code job} CANCELED by the deadline it has passed at {@code now}, or null if none. */
  static JobRow passed(JobRow job, Instant now) {
    boolean live = job.state() == JobState.QUEUED || job.state() == JobState.RUNNING;
    if (live && job.cancelAt() != null && !now.isBefore(job.cancelAt())) {
      return job.deadlinePassed(
          JobErrorCode.DEADLINE_EXCEEDED,
          "canceled: not finished within its Cancel-After of "
              + DurationText.format(Duration.between(job.createdAt(), job.cancelAt())),
          now);
    }
    if (job.state() == JobState.QUEUED && job.startBy() != null && !now.isBefore(job.startBy())) {
      return job.deadlinePassed(
          JobErrorCode.NOT_STARTED_IN_TIME,
          "canceled: no worker started it within its Start-Within of "
              + DurationText.format(Duration.between(job.createdAt(), job.startBy())),
          now);
    }
    return null;
  }
}
