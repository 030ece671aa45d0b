package dev.avatar4d.worker.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: retry {@code n} (from 1) waits between half and all of {@code
 * min(max, initial · 2^(n−1))}. The random half keeps workers that failed together (the object
 * store went away under all of them) from retrying in lockstep; the fixed half keeps a delay from
 * collapsing to nothing.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param initial the cap of the first retry's delay, positive
   * @param max the largest delay, at least {@code initial}
   * @param random uniform values in [0, 1); tests pass a fixed value
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + max + " is below the initial backoff " + initial);
    }
    this.initial = initial;
    this.max = max;
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The delay before retry {@code retry} (1 for the first retry). */
  public Duration delay(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1, got " + retry);
    }
    long capMs = initial.toMillis();
    for (int i = 1; i < retry && capMs < max.toMillis(); i++) {
      capMs *= 2;
    }
    capMs = Math.min(capMs, max.toMillis());
    double jitter = Math.max(0, Math.min(1, random.getAsDouble()));
    return Duration.ofMillis(Math.round(capMs / 2.0 + jitter * capMs / 2.0));
  }
}
