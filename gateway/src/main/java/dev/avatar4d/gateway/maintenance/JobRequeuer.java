package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.jobs.JobInput;
import dev.avatar4d.gateway.jobs.JobNotFoundException;
import dev.avatar4d.gateway.jobs.JobRepository;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.jobs.JobTransitions;
import dev.avatar4d.gateway.jobs.JobTransitions.Transition;
import dev.avatar4d.gateway.jobs.JobTransitions.WorkerMessage;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.JobStateMachine;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Puts a FAILED job back in the queue: in one transaction the job becomes QUEUED and an outbox row
 * carries a new {@link JobRequest} whose {@code attemptBase} is the job's last attempt (see the
 * package documentation for what is refused and why).
 */
@ApplicationScoped
public class JobRequeuer {
  private static final Logger LOG = Logger.getLogger(JobRequeuer.class);

  private final Transactions tx;
  private final JobRepository jobs;
  private final RequeueRepository requeues;
  private final JobTransitions transitions;
  private final Clock clock;

  JobRequeuer(
      Transactions tx,
      JobRepository jobs,
      RequeueRepository requeues,
      JobTransitions transitions,
      Clock clock) {
    this.tx = tx;
    this.jobs = jobs;
    this.requeues = requeues;
    this.transitions = transitions;
    this.clock = clock;
  }

  /**
   * Re-queues any tenant's job, for an operator. {@link JobNotFoundException} when there is no such
   * job, {@link RequeueRefusedException} when it cannot be re-queued.
   */
  public JobRow requeue(UUID id, RequeueOrigin origin) {
    return requeue(id, origin, null);
  }

  /** Re-queues {@code tenant}'s own job; another tenant's job is reported as not found. */
  public JobRow retry(UUID id, String tenant) {
    return requeue(id, RequeueOrigin.TENANT, tenant);
  }

  private JobRow requeue(UUID id, RequeueOrigin origin, String owner) {
    Transition queued =
        tx.inTransaction(
            c -> {
              JobRow job =
                  jobs.lock(c, id)
                      .filter(j -> owner == null || owner.equals(j.tenant()))
                      .orElseThrow(() -> new JobNotFoundException(id.toString()));
              JobRequest request = request(c, job);
              Instant now = Sql.toDbPrecision(clock.instant());
              requeues.record(c, id, origin, request.attemptBase(), job.error(), now);
              return transitions.record(
                  c,
                  job.requeued(request.attemptBase(), now),
                  JobEventType.REQUEUED,
                  now,
                  WorkerMessage.run(id, request));
            });
    transitions.announce(queued);
    LOG.infof(
        "job %s re-queued (%s) after attempt %d", id, origin.column(), queued.job().attempt());
    return queued.job();
  }

  /** The request for the job's next attempts, or why there is none. */
  private JobRequest request(Connection c, JobRow job) throws SQLException {
    if (!JobStateMachine.canRequeue(job.state())) {
      throw refused(job, RequeueRefusedException.NOT_FAILED, "only FAILED jobs can be retried");
    }
    RequeueRepository.Marks marks = requeues.marks(c, job.id());
    if (marks.outputsDeletedAt() != null) {
      throw refused(
          job,
          RequeueRefusedException.OBJECTS_DELETED,
          "its inputs were deleted on "
              + marks.outputsDeletedAt()
              + " (retention); submit it again");
    }
    if (marks.queueExpiredAt() != null) {
      throw refused(
          job,
          RequeueRefusedException.EXPIRED_IN_QUEUE,
          "it expired in the queue and workers were told to drop it; submit it again");
    }
    List<RequeueRepository.StoredInput> inputs = requeues.inputs(c, job.id());
    if (inputs.size() < 2 || !JobInput.SOURCE.equals(inputs.get(0).role())) {
      throw refused(job, RequeueRefusedException.NO_INPUTS, "its inputs are not on record");
    }
    int attemptBase = Math.max(job.attempt(), requeues.highestEventAttempt(c, job.id()));
    if (job.lastApplied() != null) {
      attemptBase = Math.max(attemptBase, job.lastApplied().attempt());
    }
    List<String> driving =
        inputs.subList(1, inputs.size()).stream().map(RequeueRepository.StoredInput::key).toList();
    return new JobRequest(
        job.id(),
        job.tenant(),
        inputs.get(0).key(),
        driving,
        job.options(),
        job.createdAt(),
        attemptBase,
        // The whole job's deadline still holds; its time to first start was spent long ago.
        job.cancelAt(),
        null);
  }

  private static RequeueRefusedException refused(JobRow job, String reason, String message) {
    return new RequeueRefusedException(job.id(), job.state(), reason, message);
  }
}
