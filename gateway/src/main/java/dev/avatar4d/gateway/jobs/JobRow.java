package dev.avatar4d.gateway.jobs;

import dev.avatar4d.protocol.EventOrder;
import dev.avatar4d.protocol.JobErrorCode;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.ModelStamp;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the {@code jobs} table. Every change a job goes through is a method here (or {@link
 * JobEventTransition} for worker events), built with {@link Builder}, so no caller rebuilds the row
 * field by field; {@link JobTransitions} stores and announces them.
 *
 * @param lastApplied order of the newest applied job event, null before the first
 * @param errorCode a FAILED job's {@link dev.avatar4d.protocol.JobErrorCode#key()}, or that of a
 *     job CANCELED by a deadline; null otherwise and for jobs failed before codes existed
 * @param outputsDeletedAt when retention deleted the job's outputs (and inputs), null while they
 *     exist
 * @param cancelAt when the job must have ended ({@code Cancel-After}); null for no limit
 * @param startBy when a worker must have started it ({@code Start-Within}); null for no limit
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
    String errorCode,
    String manifestKey,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt,
    Instant outputsDeletedAt,
    Instant cancelAt,
    Instant startBy) {

  /** A job just accepted without deadlines: QUEUED, nothing done yet. */
  public static JobRow accepted(
      UUID id, String tenant, JobOptions options, int frames, Instant now) {
    return accepted(id, tenant, options, frames, now, null, null);
  }

  /**
   * A job just accepted: QUEUED, nothing done yet, to end by {@code cancelAt} and start by {@code
   * startBy} (each null for no limit).
   */
  public static JobRow accepted(
      UUID id,
      String tenant,
      JobOptions options,
      int frames,
      Instant now,
      Instant cancelAt,
      Instant startBy) {
    return new Builder()
        .id(id)
        .tenant(tenant)
        .state(JobState.QUEUED)
        .options(options)
        .framesTotal(frames)
        .createdAt(now)
        .updatedAt(now)
        .cancelAt(cancelAt)
        .startBy(startBy)
        .build();
  }

  /** This job canceled by the API at {@code now}. */
  public JobRow canceled(Instant now) {
    return toBuilder().state(JobState.CANCELED).finishedAt(now).updatedAt(now).build();
  }

  /**
   * This job CANCELED at {@code now} because one of its deadlines passed ({@code code} says which).
   */
  public JobRow deadlinePassed(JobErrorCode code, String reason, Instant now) {
    return toBuilder()
        .state(JobState.CANCELED)
        .error(reason)
        .errorCode(code.key())
        .finishedAt(now)
        .updatedAt(now)
        .build();
  }

  /** This QUEUED job failed at {@code now} because no worker started it in time. */
  public JobRow expiredInQueue(String reason, Instant now) {
    return toBuilder()
        .state(JobState.FAILED)
        .workerId(null)
        .error(reason)
        .errorCode(JobErrorCode.EXPIRED_IN_QUEUE.key())
        .finishedAt(now)
        .updatedAt(now)
        .build();
  }

  /**
   * This FAILED job QUEUED again by an operator or its tenant, as after a lost lease, except for
   * the event order: it is set past every event of attempt {@code attemptBase}, so a straggler of
   * an old attempt is stale even if its sequence number is higher than anything applied, while
   * attempt {@code attemptBase + 1} outranks it.
   */
  public JobRow requeued(int attemptBase, Instant now) {
    return toBuilder()
        .state(JobState.QUEUED)
        .framesDone(0)
        .attempt(attemptBase)
        .lastApplied(new EventOrder(attemptBase, Long.MAX_VALUE))
        .workerId(null)
        .error(null)
        .errorCode(null)
        .manifestKey(null)
        .finishedAt(null)
        .updatedAt(now)
        .build();
  }

  /** A builder holding this row's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a row by field name; unset fields are null or zero. */
  public static final class Builder {
    private UUID id;
    private String tenant;
    private JobState state;
    private JobOptions options;
    private int framesTotal;
    private int framesDone;
    private int attempt;
    private EventOrder lastApplied;
    private String workerId;
    private ModelStamp model;
    private String error;
    private String errorCode;
    private String manifestKey;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant updatedAt;
    private Instant outputsDeletedAt;
    private Instant cancelAt;
    private Instant startBy;

    /** An empty builder. */
    public Builder() {}

    private Builder(JobRow r) {
      id = r.id;
      tenant = r.tenant;
      state = r.state;
      options = r.options;
      framesTotal = r.framesTotal;
      framesDone = r.framesDone;
      attempt = r.attempt;
      lastApplied = r.lastApplied;
      workerId = r.workerId;
      model = r.model;
      error = r.error;
      errorCode = r.errorCode;
      manifestKey = r.manifestKey;
      createdAt = r.createdAt;
      startedAt = r.startedAt;
      finishedAt = r.finishedAt;
      updatedAt = r.updatedAt;
      outputsDeletedAt = r.outputsDeletedAt;
      cancelAt = r.cancelAt;
      startBy = r.startBy;
    }

    public Builder id(UUID v) {
      id = v;
      return this;
    }

    public Builder tenant(String v) {
      tenant = v;
      return this;
    }

    public Builder state(JobState v) {
      state = v;
      return this;
    }

    public Builder options(JobOptions v) {
      options = v;
      return this;
    }

    public Builder framesTotal(int v) {
      framesTotal = v;
      return this;
    }

    public Builder framesDone(int v) {
      framesDone = v;
      return this;
    }

    public Builder attempt(int v) {
      attempt = v;
      return this;
    }

    public Builder lastApplied(EventOrder v) {
      lastApplied = v;
      return this;
    }

    public Builder workerId(String v) {
      workerId = v;
      return this;
    }

    public Builder model(ModelStamp v) {
      model = v;
      return this;
    }

    public Builder error(String v) {
      error = v;
      return this;
    }

    public Builder errorCode(String v) {
      errorCode = v;
      return this;
    }

    public Builder manifestKey(String v) {
      manifestKey = v;
      return this;
    }

    public Builder createdAt(Instant v) {
      createdAt = v;
      return this;
    }

    public Builder startedAt(Instant v) {
      startedAt = v;
      return this;
    }

    public Builder finishedAt(Instant v) {
      finishedAt = v;
      return this;
    }

    public Builder updatedAt(Instant v) {
      updatedAt = v;
      return this;
    }

    public Builder outputsDeletedAt(Instant v) {
      outputsDeletedAt = v;
      return this;
    }

    public Builder cancelAt(Instant v) {
      cancelAt = v;
      return this;
    }

    public Builder startBy(Instant v) {
      startBy = v;
      return this;
    }

    public JobRow build() {
      return new JobRow(
          id,
          tenant,
          state,
          options,
          framesTotal,
          framesDone,
          attempt,
          lastApplied,
          workerId,
          model,
          error,
          errorCode,
          manifestKey,
          createdAt,
          startedAt,
          finishedAt,
          updatedAt,
          outputsDeletedAt,
          cancelAt,
          startBy);
    }
  }
}
