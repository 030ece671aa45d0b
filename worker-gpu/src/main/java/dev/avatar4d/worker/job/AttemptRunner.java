package dev.avatar4d.worker.job;

import dev.avatar4d.protocol.JobRequest;

/** Runs one attempt of a job to its end; {@link JobRunner} is the real one. */
public interface AttemptRunner {

  /**
   * Runs {@code request}, reporting through {@code events} and stopping at its checkpoints once
   * {@code stop} says so.
   *
   * @throws RuntimeException (e.g. {@code JobFailure}, {@link JobCanceledException}) when the
   *     attempt does not finish
   */
  void run(JobRequest request, AttemptEvents events, AttemptStop stop);
}
