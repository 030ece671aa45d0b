package dev.avatar4d.gateway.events;

/** What consuming one job event did. */
public enum EventOutcome {
  /** The job moved (or progressed) as the event says. */
  APPLIED,
  /** An event at or before the newest applied one: nothing changed. */
  STALE,
  /** The state machine forbids the move: nothing changed. */
  ILLEGAL,
  /** The same event id was consumed before: nothing changed. */
  DUPLICATE,
  /** No such job in the database: nothing changed. */
  UNKNOWN_JOB
}
