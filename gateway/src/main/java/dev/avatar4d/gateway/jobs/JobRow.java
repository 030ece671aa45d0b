package dev.avatar4d.gateway.jobs;

import dev.avatar4d.protocol.EventOrder;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.ModelStamp;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the {@code jobs} table.
 *
 * @param lastApplied order of the newest applied job event, null before the first
 * @param outputsDeletedAt when retention deleted the job's outputs (and inputs), null while they exist
 */
public record JobRow(
    UUID id,
    String tenant,
    JobState state,
    JobOptions options,
    int framesTotal,
    int framesDone,
    int attempt,
    EventOrder lastApplied,
    String workerId,
    ModelStamp model,
    String error,
    String manifestKey,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt,
    Instant outputsDeletedAt) {

  /** A job just accepted: QUEUED, nothing done yet. */
  public static JobRow accepted(UUID id, String tenant, JobOptions options, int frames, Instant now) {
    return new JobRow(
        id, tenant, JobState.QUEUED, options, frames, 0, 0, null, null, null, null, null, now, null,
        null, now, null);
  }

  /** This job canceled by the API at {@code now}. */
  public JobRow canceled(Instant now) {
    return new JobRow(
        id, tenant, JobState.CANCELED, options, framesTotal, framesDone, attempt, lastApplied,
        workerId, model, error, manifestKey, createdAt, startedAt, now, now, outputsDeletedAt);
  }
}
