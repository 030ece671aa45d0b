package dev.avatar4d.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A job as it travels on {@link Topics#JOBS}: everything a worker needs, with inputs already in the
 * object store.
 *
 * @param jobId the job
 * @param tenant owner of the job; workers only copy it into outputs' metadata
 * @param sourceKey object key of the source portrait
 * @param drivingKeys object keys of the driving frames, in playback order
 * @param options what to render
 * @param acceptedAt when the gateway accepted the job
 * @param attemptBase attempts already spent on this job before this record was queued (0 for a new
 *     job; the previous attempt number when a dead letter is re-driven). A worker's attempt number
 *     is {@code attemptBase} plus the record's delivery count, so that events of a re-driven job
 *     order after those of its earlier attempts.
 * @param cancelAt the job's own deadline ({@code Cancel-After}): a worker that holds the job then
 *     stops it and reports it CANCELED with {@link JobErrorCode#DEADLINE_EXCEEDED}; null for none
 * @param startBy the latest start ({@code Start-Within}): a worker that gets the job later drops it
 *     as CANCELED with {@link JobErrorCode#NOT_STARTED_IN_TIME}; null for none
 */
public record JobRequest(
    UUID jobId,
    String tenant,
    String sourceKey,
    List<String> drivingKeys,
    JobOptions options,
    Instant acceptedAt,
    int attemptBase,
    Instant cancelAt,
    Instant startBy) {

  /** A request without deadlines. */
  public JobRequest(
      UUID jobId,
      String tenant,
      String sourceKey,
      List<String> drivingKeys,
      JobOptions options,
      Instant acceptedAt,
      int attemptBase) {
    this(jobId, tenant, sourceKey, drivingKeys, options, acceptedAt, attemptBase, null, null);
  }

  /** A new job's request without deadlines: no attempts spent yet. */
  public JobRequest(
      UUID jobId,
      String tenant,
      String sourceKey,
      List<String> drivingKeys,
      JobOptions options,
      Instant acceptedAt) {
    this(jobId, tenant, sourceKey, drivingKeys, options, acceptedAt, 0);
  }

  public JobRequest {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(sourceKey, "sourceKey");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(acceptedAt, "acceptedAt");
    if (drivingKeys == null || drivingKeys.isEmpty()) {
      throw new IllegalArgumentException("at least one driving frame is required");
    }
    if (attemptBase < 0) {
      throw new IllegalArgumentException("attemptBase must be >= 0, got " + attemptBase);
    }
    drivingKeys = List.copyOf(drivingKeys);
  }
}
