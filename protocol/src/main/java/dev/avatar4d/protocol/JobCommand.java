package dev.avatar4d.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An instruction for whichever worker holds a job, broadcast on {@link Topics#JOB_CONTROL}.
 *
 * @param jobId the job
 * @param kind what to do
 * @param at when the gateway issued it
 */
public record JobCommand(UUID jobId, Kind kind, Instant at) {

  /** Kinds of command. */
  public enum Kind {
    /** Stop rendering, discard partial outputs, report {@link JobEventType#CANCELED}. */
    CANCEL
  }

  public JobCommand {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }
}
