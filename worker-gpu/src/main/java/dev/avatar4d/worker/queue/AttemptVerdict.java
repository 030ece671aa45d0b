package dev.avatar4d.worker.queue;

import dev.avatar4d.protocol.DurationText;
import dev.avatar4d.protocol.JobErrorCode;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.worker.job.AttemptStop;
import dev.avatar4d.worker.retry.Fault;
import dev.avatar4d.worker.retry.JobFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What becomes of a job attempt that ended while this worker still held its lease: the retry,
 * hand-back and dead-letter policy, as a pure function of how the attempt ended. The job loop
 * carries the verdict out (events, acknowledgement, dead letter); this class decides it.
 *
 * @param kind what the loop does with the record
 * @param reason the text a FAILED or REQUEUED event carries, and a CANCELED one that a deadline
 *     caused (null otherwise)
 * @param code the stable code a FAILED event carries, and a CANCELED one that a deadline caused
 *     (null otherwise)
 */
public record AttemptVerdict(Kind kind, String reason, JobErrorCode code) {
  /** The reason of a job stopped by its {@code Cancel-After} deadline. */
  public static final String DEADLINE_PASSED = "canceled: its Cancel-After deadline passed";

  /** The reason of a job dropped unstarted because its {@code Start-Within} limit passed. */
  public static final String START_LIMIT_PASSED =
      "canceled: no worker started it within its Start-Within limit";

  /** The kinds of verdict, each with the acknowledgement it ends in. */
  public enum Kind {
    /** SUCCEEDED was published by the run: accept the record. */
    SUCCEEDED,
    /**
     * A client or the job's deadline canceled the job: publish CANCELED, delete its outputs,
     * accept.
     */
    CANCELED,
    /** No further attempt: dead-letter, publish FAILED, accept. */
    FAILED,
    /** A transient fault with deliveries left: publish REQUEUED, release for another attempt. */
    RETRY,
    /** This worker is shutting down: publish REQUEUED, release (the attempt was not at fault). */
    HANDED_BACK,
    /** The run was abandoned without the lease being lost: settle nothing. */
    ABANDONED
  }

  /** Checks that a reason and a code come with exactly the kinds that publish them. */
  public AttemptVerdict {
    Objects.requireNonNull(kind, "kind");
    // A client's cancel says nothing more; a deadline's says which deadline.
    if (kind == Kind.CANCELED && (reason == null) != (code == null)) {
      throw new IllegalArgumentException("CANCELED takes a reason and a code, or neither");
    }
    boolean needsReason = kind == Kind.FAILED || kind == Kind.RETRY || kind == Kind.HANDED_BACK;
    if (kind != Kind.CANCELED && needsReason != (reason != null)) {
      throw new IllegalArgumentException(
          kind + (needsReason ? " needs a reason" : " takes no reason"));
    }
    if (kind != Kind.CANCELED && (kind == Kind.FAILED) != (code != null)) {
      throw new IllegalArgumentException(
          kind + (kind == Kind.FAILED ? " needs a code" : " takes no code"));
    }
  }

  /**
   * The verdict on a job one of whose deadlines passed before this delivery could start it, if one
   * did. {@code Start-Within} only holds a job's first delivery: a job handed back or retried has
   * started once already.
   */
  public static Optional<AttemptVerdict> beforeStart(
      JobRequest request, int deliveries, Instant now) {
    if (request.cancelAt() != null && !now.isBefore(request.cancelAt())) {
      return Optional.of(deadline(JobErrorCode.DEADLINE_EXCEEDED, DEADLINE_PASSED));
    }
    boolean firstDelivery = deliveries == 1 && request.attemptBase() == 0;
    if (firstDelivery && request.startBy() != null && !now.isBefore(request.startBy())) {
      return Optional.of(deadline(JobErrorCode.NOT_STARTED_IN_TIME, START_LIMIT_PASSED));
    }
    return Optional.empty();
  }

  /** A job canceled by one of its deadlines before it ran or while it ran. */
  public static AttemptVerdict deadline(JobErrorCode code, String reason) {
    return new AttemptVerdict(Kind.CANCELED, reason, code);
  }

  private static AttemptVerdict of(Kind kind) {
    return new AttemptVerdict(kind, null, null);
  }

  private static AttemptVerdict failed(JobErrorCode code, String reason) {
    return new AttemptVerdict(Kind.FAILED, reason, code);
  }

  /**
   * The verdict on one attempt.
   *
   * @param error what the run threw, or null if it returned normally
   * @param stopped why the run was asked to stop, if it was; it outranks the error, which is only
   *     how the unwinding surfaced
   * @param attempt the attempt number (for the reason text)
   * @param deliveries how often the broker has delivered this record, this time included
   * @param maxAttempts deliveries after which a transient fault is final
   * @param jobTimeout the attempt time limit (for the reason text)
   * @param workerId this worker (for the reason text)
   */
  public static AttemptVerdict of(
      Throwable error,
      Optional<AttemptStop.Reason> stopped,
      int attempt,
      int deliveries,
      int maxAttempts,
      Duration jobTimeout,
      String workerId) {
    if (error == null) {
      return of(Kind.SUCCEEDED);
    }
    if (stopped.isPresent()) {
      return switch (stopped.get()) {
        case CANCELED -> of(Kind.CANCELED);
        case DEADLINE -> deadline(JobErrorCode.DEADLINE_EXCEEDED, DEADLINE_PASSED);
        case TIMED_OUT ->
            failed(JobErrorCode.TIMED_OUT, "timed out after " + DurationText.format(jobTimeout));
        case SHUTDOWN ->
            new AttemptVerdict(Kind.HANDED_BACK, "worker " + workerId + " shut down", null);
        case ABANDONED -> of(Kind.ABANDONED);
      };
    }
    Fault fault = Fault.of(error);
    if (!fault.retryable()) {
      // The model and encoders signal inputs they cannot take with IllegalArgumentException.
      if (error instanceof JobFailure failure) {
        return failed(failure.code(), failure.getMessage());
      }
      return failed(JobErrorCode.INVALID_INPUT, "input rejected: " + describe(error));
    }
    if (deliveries >= maxAttempts) {
      return failed(
          JobErrorCode.RETRIES_EXHAUSTED,
          "gave up at attempt "
              + attempt
              + " after "
              + deliveries
              + " deliveries: "
              + describe(error));
    }
    return new AttemptVerdict(
        Kind.RETRY,
        "attempt " + attempt + " failed (" + fault + "), will retry: " + describe(error),
        null);
  }

  /** The exception's class and message, as reasons quote it. */
  static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
