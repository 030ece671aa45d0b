package dev.avatar4d.worker.retry;

import dev.avatar4d.protocol.JobErrorCode;

/**
 * Why a job attempt stopped without outputs, and whether trying again can help. Bad input is
 * permanent and carries the {@link JobErrorCode} the client sees; an unreachable store or a device
 * out of memory is transient.
 */
public final class JobFailure extends RuntimeException {
  private final boolean retryable;
  private final JobErrorCode code;

  private JobFailure(JobErrorCode code, String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  /** The request itself is at fault ({@link JobErrorCode#INVALID_INPUT}); retrying cannot help. */
  public static JobFailure permanent(String message, Throwable cause) {
    return permanent(JobErrorCode.INVALID_INPUT, message, cause);
  }

  /** A permanent failure with its stable code, e.g. {@link JobErrorCode#NO_FACE}. */
  public static JobFailure permanent(JobErrorCode code, String message, Throwable cause) {
    return new JobFailure(code, message, cause, false);
  }

  /** Something around the job failed; another attempt may succeed. */
  public static JobFailure transientFault(String message, Throwable cause) {
    return new JobFailure(JobErrorCode.RETRIES_EXHAUSTED, message, cause, true);
  }

  /** The code the job fails with if this failure is final. */
  public JobErrorCode code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
