package dev.avatar4d.gateway.submit;

/** The tenant already has as many QUEUED and RUNNING jobs as its quota allows (HTTP 429). */
public class QuotaExceededException extends RuntimeException {
  private final long retryAfterSeconds;

  public QuotaExceededException(String tenant, int active, int quota, long retryAfterSeconds) {
    super(
        "tenant '"
            + tenant
            + "' has "
            + active
            + " active jobs (QUEUED or RUNNING), its quota is "
            + quota
            + "; submit again once some finish");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Suggested wait before the next attempt, for the {@code Retry-After} header. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
