package dev.avatar4d.gateway.maintenance;

/** Who put a FAILED job back in the queue; stored in {@code job_requeues.origin}. */
public enum RequeueOrigin {
  /** An operator re-drove the dead-letter topic. */
  DEAD_LETTER("dead-letter"),
  /** An operator re-drove one job by id. */
  OPERATOR("operator"),
  /** The job's owner asked for a retry. */
  TENANT("tenant");

  private final String column;

  RequeueOrigin(String column) {
    this.column = column;
  }

  /** The value stored in the database. */
  public String column() {
    return column;
  }
}
