package dev.avatar4d.gateway.submit;

import dev.avatar4d.protocol.DurationText;
import dev.avatar4d.protocol.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;

/**
 * A job's own time limits, from two request headers: {@code Cancel-After} (the whole job, counted
 * from acceptance, as Replicate offers) and {@code Start-Within} (how long it may wait for a
 * worker, as fal's start timeout). Each is a duration such as {@code 90s}, {@code 10m} or {@code
 * 1h30m} between {@link #SHORTEST} and {@link #LONGEST}. A job past either ends CANCELED with a
 * code that says which ({@code deadline-exceeded}, {@code not-started-in-time}).
 *
 * @param cancelAfter null for no limit
 * @param startWithin null for no limit
 */
public record Deadlines(Duration cancelAfter, Duration startWithin) {
  /** Header naming the whole job's time limit. */
  public static final String CANCEL_AFTER = "Cancel-After";

  /** Header naming how long the job may wait in the queue. */
  public static final String START_WITHIN = "Start-Within";

  /** The shortest limit accepted. */
  public static final Duration SHORTEST = Duration.ofSeconds(1);

  /** The longest limit accepted (a job queued this long fails anyway, see the queue timeout). */
  public static final Duration LONGEST = Duration.ofDays(1);

  /** No limits. */
  public static final Deadlines NONE = new Deadlines(null, null);

  /**
   * The limits the two headers ask for (each may be absent); {@link InvalidFieldException} naming
   * the header when one is malformed or out of range.
   */
  public static Deadlines parse(String cancelAfter, String startWithin) {
    return new Deadlines(limit(CANCEL_AFTER, cancelAfter), limit(START_WITHIN, startWithin));
  }

  /** When a job accepted at {@code accepted} must end; null without a limit. */
  public Instant cancelAt(Instant accepted) {
    return cancelAfter == null ? null : accepted.plus(cancelAfter);
  }

  /** When a job accepted at {@code accepted} must have started; null without a limit. */
  public Instant startBy(Instant accepted) {
    return startWithin == null ? null : accepted.plus(startWithin);
  }

  private static Duration limit(String header, String value) {
    if (value == null) {
      return null;
    }
    Duration d;
    try {
      d = DurationText.parse(header, value);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(
          header, "must be a duration such as 90s, 10m or 1h30m, got '" + value + "'");
    }
    if (d.compareTo(SHORTEST) < 0 || d.compareTo(LONGEST) > 0) {
      throw new InvalidFieldException(
          header,
          "must be between "
              + DurationText.format(SHORTEST)
              + " and "
              + DurationText.format(LONGEST)
              + ", got '"
              + value
              + "'");
    }
    return d;
  }
}
