package dev.avatar4d.gateway.auth;

import java.time.Duration;

/** A token bucket: {@code capacity} tokens, refilled continuously at {@code rate} per second. Thread-safe. */
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

  /** Zero and one token fewer, or how long until a whole token is there (nothing taken). */
  synchronized Duration take(long nowMillis) {
    if (nowMillis > lastMillis) {
      tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * rate / 1000.0);
      lastMillis = nowMillis;
    }
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return Duration.ZERO;
    }
    return Duration.ofMillis((long) Math.ceil((1.0 - tokens) * 1000.0 / rate));
  }

  boolean sameShape(double rate, double capacity) {
    return this.rate == rate && this.capacity == capacity;
  }
}
