package dev.avatar4d.worker.job;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Whether a running attempt must stop, and why. The job asks at every checkpoint; the first reason
 * seen is kept, so the job loop settles the attempt by the reason the job actually stopped for,
 * whatever exception the unwinding raised.
 */
public final class AttemptStop implements BooleanSupplier {
  /** Why an attempt stops before it finishes. */
  public enum Reason {
    /** A client canceled the job: CANCELED, not retried. */
    CANCELED,
    /**
     * The job's own deadline ({@code Cancel-After}) passed: CANCELED with its code, not retried.
     */
    DEADLINE,
    /** The attempt ran past the job timeout: FAILED, not retried. */
    TIMED_OUT,
    /** This worker is shutting down: handed back to the queue. */
    SHUTDOWN,
    /**
     * This worker lost the job's lease, so the broker may already have handed the job to another
     * run: stop at once, report nothing, settle nothing.
     */
    ABANDONED
  }

  private final UUID jobId;
  private final CancellationRegistry cancellations;
  private final BooleanSupplier shuttingDown;
  private final Clock clock;
  private final Instant deadline;
  private final Instant jobDeadline;
  private volatile Reason reason;

  /**
   * An attempt of a job without a deadline of its own.
   *
   * @param deadline when the attempt times out
   * @param shuttingDown true once the worker is stopping
   */
  public AttemptStop(
      UUID jobId,
      CancellationRegistry cancellations,
      BooleanSupplier shuttingDown,
      Clock clock,
      Instant deadline) {
    this(jobId, cancellations, shuttingDown, clock, deadline, null);
  }

  /**
   * @param deadline when the attempt times out
   * @param jobDeadline when the job itself must end ({@code JobRequest#cancelAt()}), null for never
   * @param shuttingDown true once the worker is stopping
   */
  public AttemptStop(
      UUID jobId,
      CancellationRegistry cancellations,
      BooleanSupplier shuttingDown,
      Clock clock,
      Instant deadline,
      Instant jobDeadline) {
    this.jobId = Objects.requireNonNull(jobId, "jobId");
    this.cancellations = cancellations;
    this.shuttingDown = shuttingDown;
    this.clock = clock;
    this.deadline = deadline;
    this.jobDeadline = jobDeadline == null ? Instant.MAX : jobDeadline;
  }

  /** True once the attempt must stop; stays true. */
  @Override
  public boolean getAsBoolean() {
    if (reason == null) {
      Reason now = current();
      if (now != null) {
        synchronized (this) {
          if (reason == null) {
            reason = now;
          }
        }
      }
    }
    return reason != null;
  }

  /** The reason the attempt was first seen to stop for, if it was. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * Marks the attempt abandoned (its lease was lost): every later checkpoint, and every storage
   * retry waiting out a backoff, stops it. A reason seen before stays the reason.
   */
  public synchronized void abandon() {
    if (reason == null) {
      reason = Reason.ABANDONED;
    }
  }

  /** Unwinds the job when it must stop. */
  public void throwIfRequested() {
    if (getAsBoolean()) {
      throw new JobCanceledException(jobId);
    }
  }

  private Reason current() {
    if (cancellations.isCanceled(jobId)) {
      return Reason.CANCELED;
    }
    Instant now = clock.instant();
    if (!now.isBefore(jobDeadline)) {
      return Reason.DEADLINE;
    }
    if (!now.isBefore(deadline)) {
      return Reason.TIMED_OUT;
    }
    if (shuttingDown.getAsBoolean()) {
      return Reason.SHUTDOWN;
    }
    return null;
  }
}
