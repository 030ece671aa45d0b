package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.jobs.JobChanges;
import dev.avatar4d.gateway.jobs.JobRepository;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.metrics.GatewayMetrics;
import dev.avatar4d.gateway.outbox.OutboxRelay;
import dev.avatar4d.gateway.outbox.OutboxRepository;
import dev.avatar4d.gateway.webhooks.WebhookOutbox;
import dev.avatar4d.protocol.JobCommand;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Fails jobs that have been QUEUED (since their last change: acceptance, a lost lease or a
 * re-drive) for longer than {@code avatar4d.retention.queued-timeout}. Like a cancel, the job
 * changes and a CANCEL {@link JobCommand} is queued for the workers in one transaction, so a
 * worker that gets the job later drops it.
 */
@ApplicationScoped
public class QueueTimeout {
  private static final Logger LOG = Logger.getLogger(QueueTimeout.class);

  private final Transactions tx;
  private final JobRepository jobs;
  private final RetentionRepository retention;
  private final OutboxRepository outbox;
  private final OutboxRelay relay;
  private final GatewayMetrics metrics;
  private final JobChanges changes;
  private final WebhookOutbox webhooks;
  private final Duration timeout;
  private final int batchSize;

  QueueTimeout(
      Transactions tx,
      JobRepository jobs,
      RetentionRepository retention,
      OutboxRepository outbox,
      OutboxRelay relay,
      GatewayMetrics metrics,
      JobChanges changes,
      WebhookOutbox webhooks,
      GatewayConfig config) {
    this.tx = tx;
    this.jobs = jobs;
    this.retention = retention;
    this.outbox = outbox;
    this.relay = relay;
    this.metrics = metrics;
    this.changes = changes;
    this.webhooks = webhooks;
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
      JobRow failed = expire(id, before, at);
      if (failed != null) {
        expired++;
        relay.wakeUp();
        metrics.jobFinished(JobState.FAILED);
        changes.published(failed);
        LOG.infof("job %s failed: %s", id, failed.error());
      }
    }
    return expired;
  }

  private JobRow expire(UUID id, Instant before, Instant now) {
    return tx.inTransaction(c -> {
      JobRow job = jobs.lock(c, id).orElse(null);
      // Rechecked under the lock: a worker may have started it since the scan.
      if (job == null || job.state() != JobState.QUEUED || !job.updatedAt().isBefore(before)) {
        return null;
      }
      JobRow failed = new JobRow(
          job.id(), job.tenant(), JobState.FAILED, job.options(), job.framesTotal(), job.framesDone(),
          job.attempt(), job.lastApplied(), null, job.model(),
          "expired in queue: no worker started it within " + human(timeout), job.manifestKey(),
          job.createdAt(), job.startedAt(), now, now, job.outputsDeletedAt());
      jobs.update(c, failed);
      retention.markQueueExpired(c, id, now);
      outbox.add(c, Topics.JOB_CONTROL, id.toString(), new JobCommand(id, JobCommand.Kind.CANCEL, now), now);
      webhooks.jobChanged(c, failed, JobEventType.FAILED, now);
      return failed;
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
