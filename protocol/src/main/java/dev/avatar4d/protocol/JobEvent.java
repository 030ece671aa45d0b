package dev.avatar4d.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A fact about a job, published by a worker on {@link Topics#JOB_EVENTS} with the job id as key.
 *
 * @param eventId unique per event; consumers use it to drop exact duplicates
 * @param jobId the job
 * @param attempt 1 for the first delivery of the job, +1 for each redelivery
 * @param seq strictly increasing within one attempt, starting at 0
 * @param type what happened
 * @param workerId the worker that says so
 * @param at when it happened (worker clock)
 * @param framesDone frames rendered so far (all views of a frame count as one)
 * @param framesTotal driving frames in the job
 * @param error reason, for {@link JobEventType#FAILED} and {@link JobEventType#REQUEUED}, and for a
 *     {@link JobEventType#CANCELED} that a deadline caused
 * @param manifestKey object key of manifest.json, for {@link JobEventType#SUCCEEDED}
 * @param model the model that renders the job; set on STARTED and SUCCEEDED
 * @param errorCode the {@link JobErrorCode#key()} of a FAILED event or of a CANCELED one that a
 *     deadline caused; null on other events and on events of workers older than this field
 */
public record JobEvent(
    UUID eventId,
    UUID jobId,
    int attempt,
    long seq,
    JobEventType type,
    String workerId,
    Instant at,
    int framesDone,
    int framesTotal,
    String error,
    String manifestKey,
    ModelStamp model,
    String errorCode) {

  /** An event without an error code: every type but FAILED and a deadline's CANCELED. */
  public JobEvent(
      UUID eventId,
      UUID jobId,
      int attempt,
      long seq,
      JobEventType type,
      String workerId,
      Instant at,
      int framesDone,
      int framesTotal,
      String error,
      String manifestKey,
      ModelStamp model) {
    this(
        eventId,
        jobId,
        attempt,
        seq,
        type,
        workerId,
        at,
        framesDone,
        framesTotal,
        error,
        manifestKey,
        model,
        null);
  }

  public JobEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(at, "at");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
    if (framesDone < 0 || framesTotal < 0 || framesDone > framesTotal) {
      throw new IllegalArgumentException("frames must satisfy 0 <= done <= total");
    }
    if (type == JobEventType.SUCCEEDED && manifestKey == null) {
      throw new IllegalArgumentException("a SUCCEEDED event needs its manifestKey");
    }
    if (type == JobEventType.FAILED && (error == null || error.isBlank())) {
      throw new IllegalArgumentException("a FAILED event needs an error");
    }
  }

  /** Position of this event in its job's history. */
  @JsonIgnore
  public EventOrder order() {
    return new EventOrder(attempt, seq);
  }
}
