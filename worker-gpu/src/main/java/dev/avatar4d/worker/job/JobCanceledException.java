package dev.avatar4d.worker.job;

import java.util.UUID;

/**
 * Thrown inside a running job when it is asked to stop (canceled, timed out, or the worker is
 * shutting down), to unwind to the job loop; {@link AttemptStop#reason()} says which.
 */
public final class JobCanceledException extends RuntimeException {
  public JobCanceledException(UUID jobId) {
    super("job " + jobId + " was asked to stop");
  }
}
