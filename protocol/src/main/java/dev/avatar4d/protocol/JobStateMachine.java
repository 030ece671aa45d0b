package dev.avatar4d.protocol;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The only definition of which job state may follow which.
 *
 * <pre>
 * QUEUED  → RUNNING | FAILED | CANCELED
 * RUNNING → RUNNING (progress) | QUEUED (lease lost) | SUCCEEDED | FAILED | CANCELED
 * </pre>
 *
 * Terminal states have no successors. Whether an event is new or a replay is decided by its {@link
 * EventOrder}, not here.
 */
public final class JobStateMachine {

  private static final Map<JobState, Set<JobState>> ALLOWED = new EnumMap<>(JobState.class);

  static {
    ALLOWED.put(JobState.QUEUED, EnumSet.of(JobState.RUNNING, JobState.FAILED, JobState.CANCELED));
    ALLOWED.put(
        JobState.RUNNING,
        EnumSet.of(
            JobState.RUNNING,
            JobState.QUEUED,
            JobState.SUCCEEDED,
            JobState.FAILED,
            JobState.CANCELED));
    ALLOWED.put(JobState.SUCCEEDED, EnumSet.noneOf(JobState.class));
    ALLOWED.put(JobState.FAILED, EnumSet.noneOf(JobState.class));
    ALLOWED.put(JobState.CANCELED, EnumSet.noneOf(JobState.class));
  }

  private JobStateMachine() {}

  /** Whether a job in {@code from} may move to {@code to}. */
  public static boolean canMove(JobState from, JobState to) {
    return ALLOWED.get(from).contains(to);
  }

  /**
   * Whether the gateway itself may put a job in {@code from} back in the queue (an operator's
   * dead-letter re-drive, a tenant's retry): only FAILED. This is a gateway-side rule, apart from
   * the transitions above, so that no worker event can move a job out of FAILED: {@link #decide}
   * still rejects a REQUEUED event for a FAILED job. CANCELED stays final because workers keep
   * every canceled job id and would skip the job again.
   */
  public static boolean canRequeue(JobState from) {
    return from == JobState.FAILED;
  }

  /** The states that may follow {@code from}; empty for terminal states. */
  public static Set<JobState> successors(JobState from) {
    Set<JobState> next = EnumSet.noneOf(JobState.class);
    next.addAll(ALLOWED.get(from));
    return next;
  }

  /**
   * Decides what to do with {@code event} for a job currently in {@code current} whose newest
   * applied event is {@code lastApplied} (null when none was applied yet).
   */
  public static Decision decide(JobState current, EventOrder lastApplied, JobEvent event) {
    EventOrder order = event.order();
    if (lastApplied != null && order.compareTo(lastApplied) <= 0) {
      return Decision.IGNORE_STALE;
    }
    JobState target = event.type().target();
    if (!canMove(current, target)) {
      return Decision.REJECT_ILLEGAL;
    }
    return Decision.APPLY;
  }

  /** Outcome of {@link #decide}. */
  public enum Decision {
    /** Move the job to the event's target state and remember the event's order. */
    APPLY,
    /** A duplicate or an older event: change nothing. */
    IGNORE_STALE,
    /** The move is not allowed from the current state: change nothing, log it. */
    REJECT_ILLEGAL
  }
}
