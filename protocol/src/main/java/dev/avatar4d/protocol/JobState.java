package dev.avatar4d.protocol;

/** Lifecycle states of a job. See {@link JobStateMachine} for the allowed moves. */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELED;

  /** A terminal state never changes again. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }
}
