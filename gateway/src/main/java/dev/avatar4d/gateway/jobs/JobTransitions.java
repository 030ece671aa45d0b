package dev.avatar4d.gateway.jobs;

import dev.avatar4d.gateway.metrics.GatewayMetrics;
import dev.avatar4d.gateway.outbox.OutboxRelay;
import dev.avatar4d.gateway.outbox.OutboxRepository;
import dev.avatar4d.protocol.JobCommand;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The one way a job changes after it was accepted: a cancel, a queue timeout, a worker's event, a
 * re-queue. {@link #record} runs inside the caller's transaction: it stores the new row, lets each
 * {@link JobChangeListener} add its rows (the webhook delivery, when the job's subscription wants
 * one), and queues the message for the workers, if any, through the outbox. {@link #announce} runs
 * after the commit: it wakes the outbox relay when a message was queued, counts a job that
 * finished, and publishes the row to live views ({@link JobChanges}).
 *
 * <p>Which change sends which webhook is the listener's rule ({@code WebhookEventType.of}): a
 * re-queue is recorded as {@link JobEventType#REQUEUED} and, like a worker's REQUEUED, sends none
 * (the job's next STARTED says it runs again).
 */
@ApplicationScoped
public class JobTransitions {
  private final JobRepository jobs;
  private final OutboxRepository outbox;
  private final OutboxRelay relay;
  private final GatewayMetrics metrics;
  private final JobChanges changes;
  private final List<JobChangeListener> listeners;

  JobTransitions(
      JobRepository jobs,
      OutboxRepository outbox,
      OutboxRelay relay,
      GatewayMetrics metrics,
      JobChanges changes,
      Instance<JobChangeListener> listeners) {
    this.jobs = jobs;
    this.outbox = outbox;
    this.relay = relay;
    this.metrics = metrics;
    this.changes = changes;
    this.listeners = listeners.stream().toList();
  }

  /** A message for the workers that a change queues in its transaction. */
  public record WorkerMessage(String topic, UUID jobId, Object value) {

    /** Tells workers to drop or stop the job ({@link JobCommand.Kind#CANCEL}). */
    public static WorkerMessage cancel(UUID jobId, Instant now) {
      return new WorkerMessage(
          Topics.JOB_CONTROL, jobId, new JobCommand(jobId, JobCommand.Kind.CANCEL, now));
    }

    /** Hands the job to the workers again ({@code value} is its {@code JobRequest}). */
    public static WorkerMessage run(UUID jobId, Object request) {
      return new WorkerMessage(Topics.JOBS, jobId, request);
    }
  }

  /** A change written in a transaction, to {@link #announce} after it committed. */
  public record Transition(JobRow job, boolean toldWorkers) {}

  /** Stores {@code after} and its listeners' rows; no message for the workers. */
  public Transition record(Connection c, JobRow after, JobEventType cause, Instant now)
      throws SQLException {
    return record(c, after, cause, now, null);
  }

  /**
   * Stores {@code after} and its listeners' rows and queues {@code message} (null for none), all in
   * the caller's transaction.
   */
  public Transition record(
      Connection c, JobRow after, JobEventType cause, Instant now, WorkerMessage message)
      throws SQLException {
    jobs.update(c, after);
    for (JobChangeListener listener : listeners) {
      listener.jobChanged(c, after, cause, now);
    }
    if (message != null) {
      outbox.add(c, message.topic(), message.jobId().toString(), message.value(), now);
    }
    return new Transition(after, message != null);
  }

  /** After the commit: wakes the relay, counts a finished job, publishes the row to live views. */
  public void announce(Transition t) {
    if (t.toldWorkers()) {
      relay.wakeUp();
    }
    if (t.job().state().isTerminal()) {
      metrics.jobFinished(t.job().state());
    }
    changes.published(t.job());
  }
}
