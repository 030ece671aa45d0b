package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.jobs.JobConflictException;
import dev.avatar4d.protocol.JobState;
import java.util.UUID;

/**
 * The job cannot be put back in the queue. A {@link JobConflictException}, so the API answers 409
 * problem+json; {@link #reason()} is the short code a re-drive report counts.
 */
public class RequeueRefusedException extends JobConflictException {
  /** The job is not FAILED. */
  public static final String NOT_FAILED = "not-failed";

  /** Retention deleted the job's objects, its inputs included. */
  public static final String OBJECTS_DELETED = "objects-deleted";

  /** The job expired in the queue; workers remember the CANCEL they were sent for it. */
  public static final String EXPIRED_IN_QUEUE = "expired-in-queue";

  /** No inputs are recorded for the job. */
  public static final String NO_INPUTS = "no-inputs";

  private final String reason;

  public RequeueRefusedException(UUID id, JobState state, String reason, String message) {
    super(id, state, message);
    this.reason = reason;
  }

  /** Why, as a short code ({@link #NOT_FAILED}, ...). */
  public String reason() {
    return reason;
  }
}
