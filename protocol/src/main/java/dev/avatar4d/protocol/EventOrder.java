package dev.avatar4d.protocol;

/**
 * Position of an event in its job's history: first by attempt, then by the sequence number the
 * worker assigns within the attempt. A later attempt outranks everything an earlier one said, so a
 * slow straggler from a dead worker cannot overwrite its successor's progress.
 */
public record EventOrder(int attempt, long seq) implements Comparable<EventOrder> {

  public EventOrder {
    if (attempt < 0 || seq < 0) {
      throw new IllegalArgumentException("attempt and seq must be >= 0");
    }
  }

  @Override
  public int compareTo(EventOrder other) {
    int byAttempt = Integer.compare(attempt, other.attempt);
    return byAttempt != 0 ? byAttempt : Long.compare(seq, other.seq);
  }
}
