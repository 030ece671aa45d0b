package dev.avatar4d.worker.queue;

import dev.avatar4d.protocol.JobErrorCode;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.worker.job.AttemptEvents;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers and publishes the events of one attempt of one job; one per attempt. The job thread
 * publishes; the job loop may {@link #silence} it from its own thread.
 */
public final class AttemptReporter implements AttemptEvents {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptReporter.class);

  private final EventPublisher publisher;
  private final UUID jobId;
  private final int attempt;
  private final String workerId;
  private final Clock clock;
  private long nextSeq;
  private int framesTotal;
  private volatile boolean silenced;

  AttemptReporter(EventPublisher publisher, UUID jobId, int attempt, String workerId, Clock clock) {
    this.publisher = publisher;
    this.jobId = jobId;
    this.attempt = attempt;
    this.workerId = workerId;
    this.clock = clock;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public void started(int framesTotal, ModelStamp model) {
    this.framesTotal = framesTotal;
    send(JobEventType.STARTED, 0, null, null, model);
  }

  @Override
  public void progress(int framesDone) {
    send(JobEventType.PROGRESS, framesDone, null, null, null);
  }

  @Override
  public void succeeded(String manifestKey, ModelStamp model) {
    send(JobEventType.SUCCEEDED, framesTotal, null, manifestKey, model);
  }

  public void failed(JobErrorCode code, String reason) {
    send(JobEventType.FAILED, 0, reason, null, null, code);
  }

  public void canceled() {
    send(JobEventType.CANCELED, 0, null, null, null);
  }

  /** CANCELED by one of the job's deadlines, with the deadline's code and reason. */
  public void canceled(JobErrorCode code, String reason) {
    send(JobEventType.CANCELED, 0, reason, null, null, code);
  }

  public void requeued(String reason) {
    send(JobEventType.REQUEUED, 0, reason, null, null);
  }

  /**
   * Drops every event this reporter is asked to publish from now on. Called when the attempt's
   * lease is lost: the job may be running elsewhere already, and a late STARTED, PROGRESS or
   * SUCCEEDED from this run would describe a run the client is not following.
   */
  public void silence() {
    silenced = true;
  }

  private void send(
      JobEventType type, int framesDone, String error, String manifestKey, ModelStamp model) {
    send(type, framesDone, error, manifestKey, model, null);
  }

  private void send(
      JobEventType type,
      int framesDone,
      String error,
      String manifestKey,
      ModelStamp model,
      JobErrorCode code) {
    if (silenced) {
      LOG.info(
          "job {} attempt {}: not publishing {}, this run lost its lease", jobId, attempt, type);
      return;
    }
    publisher.publish(
        new JobEvent(
            UUID.randomUUID(),
            jobId,
            attempt,
            nextSeq++,
            type,
            workerId,
            clock.instant(),
            framesDone,
            framesTotal,
            error,
            manifestKey,
            model,
            code == null ? null : code.key()));
  }
}
