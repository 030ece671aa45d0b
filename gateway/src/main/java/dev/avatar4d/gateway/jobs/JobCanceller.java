package dev.avatar4d.gateway.jobs;

import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.jobs.JobTransitions.Transition;
import dev.avatar4d.gateway.jobs.JobTransitions.WorkerMessage;
import dev.avatar4d.protocol.JobCommand;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.JobStateMachine;
import jakarta.enterprise.context.ApplicationScoped;
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
  private final JobTransitions transitions;
  private final Clock clock;

  JobCanceller(Transactions tx, JobRepository jobs, JobTransitions transitions, Clock clock) {
    this.tx = tx;
    this.jobs = jobs;
    this.transitions = transitions;
    this.clock = clock;
  }

  /**
   * Cancels the tenant's job; {@link JobNotFoundException} when it has none with this id, {@link
   * JobConflictException} when the job already finished.
   */
  public JobRow cancel(String tenant, String id) {
    UUID uuid = JobQueries.parseId(id);
    Transition canceled =
        tx.inTransaction(
            c -> {
              JobRow job =
                  jobs.lockOwned(c, tenant, uuid).orElseThrow(() -> new JobNotFoundException(id));
              if (!JobStateMachine.canMove(job.state(), JobState.CANCELED)) {
                throw new JobConflictException(
                    uuid, job.state(), "only QUEUED or RUNNING jobs can be canceled");
              }
              Instant now = Sql.toDbPrecision(clock.instant());
              return transitions.record(
                  c,
                  job.canceled(now),
                  JobEventType.CANCELED,
                  now,
                  WorkerMessage.cancel(uuid, now));
            });
    transitions.announce(canceled);
    LOG.infof("job %s canceled by request", uuid);
    return canceled.job();
  }
}
