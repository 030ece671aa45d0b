package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.config.WebhooksConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to try a delivery again: exponential backoff with full jitter. After attempt {@code n} the
 * next one waits a uniformly random time in {@code [0, min(maxBackoff, initialBackoff × 2^(n-1))]},
 * so receivers coming back from an outage are not hit by every sender at once; a {@code
 * Retry-After} from the receiver raises the wait (still capped). After {@code maxAttempts} the
 * delivery has failed.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max-attempts must be at least 1");
    }
    if (initialBackoff.isNegative()
        || initialBackoff.isZero()
        || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 < initial-backoff <= max-backoff");
    }
  }

  static RetryPolicy of(WebhooksConfig config) {
    return new RetryPolicy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff());
  }

  /**
   * The delivery's state after its {@code attemptsMade}-th attempt ended with {@code result} at
   * {@code now}.
   */
  public Next next(int attemptsMade, AttemptResult result, Instant now, RandomGenerator random) {
    if (result.delivered()) {
      return new Next(DeliveryStatus.DELIVERED, null);
    }
    if (result.permanent() || attemptsMade >= maxAttempts) {
      return new Next(DeliveryStatus.FAILED, null);
    }
    long capMillis = cap(attemptsMade).toMillis();
    long waitMillis = (long) (random.nextDouble() * capMillis);
    if (result.retryAfter() != null) {
      waitMillis =
          Math.min(Math.max(waitMillis, result.retryAfter().toMillis()), maxBackoff.toMillis());
    }
    return new Next(DeliveryStatus.PENDING, now.plusMillis(waitMillis));
  }

  /** The longest wait after attempt {@code attemptsMade} (1-based). */
  public Duration cap(int attemptsMade) {
    int doublings = Math.min(attemptsMade - 1, 40);
    long millis = initialBackoff.toMillis();
    for (int i = 0; i < doublings && millis < maxBackoff.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }

  /**
   * Where a delivery goes next.
   *
   * @param nextAttemptAt when to try again; null unless {@code status} is PENDING
   */
  public record Next(DeliveryStatus status, Instant nextAttemptAt) {}
}
