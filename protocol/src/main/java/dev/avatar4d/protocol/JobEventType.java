package dev.avatar4d.protocol;

/** What a {@link JobEvent} reports. Each type maps to exactly one target {@link JobState}. */
public enum JobEventType {
  /** A worker took the job (a new attempt). */
  STARTED(JobState.RUNNING),
  /** Frames done so far; the job keeps running. */
  PROGRESS(JobState.RUNNING),
  /** All outputs and the manifest are stored. */
  SUCCEEDED(JobState.SUCCEEDED),
  /** The job cannot finish; {@link JobEvent#error()} says why. */
  FAILED(JobState.FAILED),
  /** A worker stopped the job because it was canceled. */
  CANCELED(JobState.CANCELED),
  /**
   * The attempt was abandoned (lease lost, worker shutdown) and the job waits for another worker.
   */
  REQUEUED(JobState.QUEUED);

  private final JobState target;

  JobEventType(JobState target) {
    this.target = target;
  }

  /** The state a job is in after this event is applied. */
  public JobState target() {
    return target;
  }
}
