package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.jobs.JobRepository;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.jobs.JobTransitions;
import dev.avatar4d.gateway.jobs.JobTransitions.Transition;
import dev.avatar4d.gateway.jobs.JobTransitions.WorkerMessage;
import dev.avatar4d.protocol.JobCommand;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Fails jobs that have been QUEUED (since their last change: acceptance, a lost lease or a
 * re-drive) for longer than {@code avatar4d.retention.queued-timeout}. Like a cancel, the job
 * changes and a CANCEL {@link JobCommand} is queued for the workers in one transaction, so a worker
 * that gets the job later drops it.
 */
@ApplicationScoped
public class QueueTimeout {
  private static final Logger LOG = Logger.getLogger(QueueTimeout.class);

  private final Transactions tx;
  private final JobRepository jobs;
  private final RetentionRepository retention;
  private final JobTransitions transitions;
  private final Duration timeout;
  private final int batchSize;

  QueueTimeout(
      Transactions tx,
      JobRepository jobs,
      RetentionRepository retention,
      JobTransitions transitions,
      GatewayConfig config) {
    this.tx = tx;
    this.jobs = jobs;
    this.retention = retention;
    this.transitions = transitions;
    this.timeout = config.retention().queuedTimeout();
    this.batchSize = config.retention().batchSize();
  }

  /** Fails up to a batch of jobs queued too long as of {@code now}; returns how many. */
  public int sweep(Instant now) {
    Instant at = Sql.toDbPrecision(now);
    Instant before = at.minus(timeout);
    List<UUID> due = tx.read(c -> retention.queuedBefore(c, before, batchSize));
    int expired = 0;
    for (UUID id : due) {
      Transition failed = expire(id, before, at);
      if (failed != null) {
        expired++;
        transitions.announce(failed);
        LOG.infof("job %s failed: %s", id, failed.job().error());
      }
    }
    return expired;
  }

  private Transition expire(UUID id, Instant before, Instant now) {
    return tx.inTransaction(
        c -> {
          JobRow job = jobs.lock(c, id).orElse(null);
          // Rechecked under the lock: a worker may have started it since the scan.
          if (job == null || job.state() != JobState.QUEUED || !job.updatedAt().isBefore(before)) {
            return null;
          }
          retention.markQueueExpired(c, id, now);
          JobRow failed =
              job.expiredInQueue(
                  "expired in queue: no worker started it within " + human(timeout), now);
          return transitions.record(
              c, failed, JobEventType.FAILED, now, WorkerMessage.cancel(id, now));
        });
  }

  private static String human(Duration d) {
    long s = d.getSeconds();
    if (s > 0 && s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s > 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s > 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
