package dev.avatar4d.worker;

import java.util.UUID;

/** Thrown inside a running job when its cancellation is noticed, to unwind to the job loop. */
public final class JobCanceledException extends RuntimeException {
  public JobCanceledException(UUID jobId) {
    super("job " + jobId + " was canceled");
  }
}
