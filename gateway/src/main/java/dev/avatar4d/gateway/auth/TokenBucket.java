package dev.avatar4d.gateway.auth;

/**
 * A token bucket: {@code capacity} tokens, refilled continuously at {@code rate} per second.
 * Thread-safe.
 */
final class TokenBucket {
  private final double rate;
  private final double capacity;
  private double tokens;
  private long lastMillis;

  TokenBucket(double rate, double capacity, long nowMillis) {
    this.rate = rate;
    this.capacity = capacity;
    this.tokens = capacity;
    this.lastMillis = nowMillis;
  }

  /** Refills up to {@code nowMillis}, then takes one token if a whole one is there. */
  synchronized TokenBuckets.Take take(long nowMillis) {
    if (nowMillis > lastMillis) {
      tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * rate / 1000.0);
      lastMillis = nowMillis;
    }
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return new TokenBuckets.Take(true, tokens);
    }
    return new TokenBuckets.Take(false, tokens);
  }

  boolean sameShape(double rate, double capacity) {
    return this.rate == rate && this.capacity == capacity;
  }
}
