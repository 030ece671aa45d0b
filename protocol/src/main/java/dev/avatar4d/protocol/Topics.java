package dev.avatar4d.protocol;

/** Kafka topic names. All records are keyed by job id (as a string). */
public final class Topics {
  /** Job requests ({@link JobRequest}), produced by the gateway's outbox relay. */
  public static final String JOBS = "avatar.jobs";

  /** Facts about jobs ({@link JobEvent}), produced by workers, consumed by the gateway. */
  public static final String JOB_EVENTS = "avatar.job-events";

  /** Job requests that could not be processed after their allowed attempts. */
  public static final String DEAD_LETTERS = "avatar.jobs.dead-letter";

  /** Commands to running jobs ({@link JobCommand}), read by every worker. */
  public static final String JOB_CONTROL = "avatar.job-control";

  /**
   * Worker heartbeats (JSON, key = worker id), published every few seconds, read by the gateway's
   * system page.
   */
  public static final String WORKER_HEARTBEATS = "avatar.worker-heartbeats";

  private Topics() {}
}
