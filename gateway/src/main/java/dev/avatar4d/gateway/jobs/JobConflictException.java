package dev.avatar4d.gateway.jobs;

import dev.avatar4d.protocol.JobState;
import java.util.UUID;

/** The job's state does not allow what was asked, e.g. canceling a finished job. */
public class JobConflictException extends RuntimeException {
  private final JobState state;

  public JobConflictException(UUID id, JobState state, String message) {
    super("job " + id + " is " + state + ": " + message);
    this.state = state;
  }

  /** The state the job is in. */
  public JobState state() {
    return state;
  }
}
