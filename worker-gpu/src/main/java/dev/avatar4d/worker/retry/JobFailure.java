package dev.avatar4d.worker.retry;

/**
 * Why a job attempt stopped without outputs, and whether trying again can help. Bad input is
 * permanent; an unreachable store or a device out of memory is transient.
 */
public final class JobFailure extends RuntimeException {
  private final boolean retryable;

  private JobFailure(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** The request itself is at fault; another attempt would fail the same way. */
  public static JobFailure permanent(String message, Throwable cause) {
    return new JobFailure(message, cause, false);
  }

  /** Something around the job failed; another attempt may succeed. */
  public static JobFailure transientFault(String message, Throwable cause) {
    return new JobFailure(message, cause, true);
  }

  public boolean retryable() {
    return retryable;
  }
}
