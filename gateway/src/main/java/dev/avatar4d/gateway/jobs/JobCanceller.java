package dev.avatar4d.gateway.jobs;

import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.metrics.GatewayMetrics;
import dev.avatar4d.gateway.outbox.OutboxRelay;
import dev.avatar4d.gateway.outbox.OutboxRepository;
import dev.avatar4d.gateway.webhooks.WebhookOutbox;
import dev.avatar4d.protocol.JobCommand;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.JobStateMachine;
import dev.avatar4d.protocol.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Cancels a job: moves it to CANCELED (if the state machine allows it) and queues a {@link
 * JobCommand} CANCEL for the workers in the same transaction, through the outbox, so that the
 * command is sent even if Kafka is down right now.
 */
@ApplicationScoped
public class JobCanceller {
  private static final Logger LOG = Logger.getLogger(JobCanceller.class);

  private final Transactions tx;
  private final JobRepository jobs;
  private final OutboxRepository outbox;
  private final OutboxRelay relay;
  private final GatewayMetrics metrics;
  private final JobChanges changes;
  private final Clock clock;
  @Inject WebhookOutbox webhooks;

  JobCanceller(
      Transactions tx,
      JobRepository jobs,
      OutboxRepository outbox,
      OutboxRelay relay,
      GatewayMetrics metrics,
      JobChanges changes,
      Clock clock) {
    this.tx = tx;
    this.jobs = jobs;
    this.outbox = outbox;
    this.relay = relay;
    this.metrics = metrics;
    this.changes = changes;
    this.clock = clock;
  }

  /**
   * Cancels the tenant's job; {@link JobNotFoundException} when it has none with this id, {@link
   * JobConflictException} when the job already finished.
   */
  public JobRow cancel(String tenant, String id) {
    UUID uuid = JobQueries.parseId(id);
    JobRow canceled =
        tx.inTransaction(
            c -> {
              JobRow job = jobs.lockOwned(c, tenant, uuid).orElseThrow(() -> new JobNotFoundException(id));
              if (!JobStateMachine.canMove(job.state(), JobState.CANCELED)) {
                throw new JobConflictException(uuid, job.state(), "only QUEUED or RUNNING jobs can be canceled");
              }
              Instant now = Sql.toDbPrecision(clock.instant());
              JobRow updated = job.canceled(now);
              jobs.update(c, updated);
              webhooks.jobChanged(c, updated, JobEventType.CANCELED, now);
              outbox.add(c, Topics.JOB_CONTROL, uuid.toString(), new JobCommand(uuid, JobCommand.Kind.CANCEL, now), now);
              return updated;
            });
    relay.wakeUp();
    metrics.jobFinished(JobState.CANCELED);
    changes.published(canceled);
    LOG.infof("job %s canceled by request", uuid);
    return canceled;
  }
}
