package dev.avatar4d.worker.queue;

import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.ModelStamp;
import java.time.Clock;
import java.util.UUID;

/** Numbers and publishes the events of one attempt of one job. Not thread-safe; one per attempt. */
public final class AttemptReporter {
  private final EventPublisher publisher;
  private final UUID jobId;
  private final int attempt;
  private final String workerId;
  private final Clock clock;
  private long nextSeq;
  private int framesTotal;

  AttemptReporter(EventPublisher publisher, UUID jobId, int attempt, String workerId, Clock clock) {
    this.publisher = publisher;
    this.jobId = jobId;
    this.attempt = attempt;
    this.workerId = workerId;
    this.clock = clock;
  }

  public int attempt() {
    return attempt;
  }

  public void started(int framesTotal, ModelStamp model) {
    this.framesTotal = framesTotal;
    send(JobEventType.STARTED, 0, null, null, model);
  }

  public void progress(int framesDone) {
    send(JobEventType.PROGRESS, framesDone, null, null, null);
  }

  public void succeeded(String manifestKey, ModelStamp model) {
    send(JobEventType.SUCCEEDED, framesTotal, null, manifestKey, model);
  }

  public void failed(String reason) {
    send(JobEventType.FAILED, 0, reason, null, null);
  }

  public void canceled() {
    send(JobEventType.CANCELED, 0, null, null, null);
  }

  public void requeued(String reason) {
    send(JobEventType.REQUEUED, 0, reason, null, null);
  }

  private void send(JobEventType type, int framesDone, String error, String manifestKey, ModelStamp model) {
    publisher.publish(
        new JobEvent(
            UUID.randomUUID(), jobId, attempt, nextSeq++, type, workerId, clock.instant(),
            framesDone, framesTotal, error, manifestKey, model));
  }
}
