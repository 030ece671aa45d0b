package dev.avatar4d.gateway.auth;

import dev.avatar4d.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key request rate limits: one token bucket per API key, refilled at the tenant's rate and
 * holding {@code rate × burst-window} tokens. Buckets live in this gateway's memory, so N gateways
 * behind a load balancer allow up to N times the rate; that is the documented trade for not
 * touching the database or a shared cache on every request.
 */
@ApplicationScoped
public class RateLimiter {
  private final Map<UUID, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Clock clock;
  private final double defaultRate;
  private final Duration burstWindow;

  @Inject
  RateLimiter(Clock clock, GatewayConfig config) {
    this(clock, config.auth().requestsPerSecond(), config.auth().burstWindow());
  }

  /** A limiter with explicit settings (for tests of the arithmetic). */
  public RateLimiter(Clock clock, double defaultRate, Duration burstWindow) {
    if (!(defaultRate > 0)) {
      throw new IllegalArgumentException("avatar4d.auth.requests-per-second must be > 0, got " + defaultRate);
    }
    if (burstWindow.isNegative() || burstWindow.isZero()) {
      throw new IllegalArgumentException("avatar4d.auth.burst-window must be positive, got " + burstWindow);
    }
    this.clock = clock;
    this.defaultRate = defaultRate;
    this.burstWindow = burstWindow;
  }

  /**
   * Takes one token for {@code grant}'s key. Returns zero when the request may go ahead, otherwise
   * how long to wait before the next token (for {@code Retry-After}).
   */
  public Duration acquire(KeyGrant grant) {
    double rate = grant.requestsPerSecond() == null ? defaultRate : grant.requestsPerSecond();
    double capacity = Math.max(1.0, rate * burstWindow.toNanos() / 1e9);
    TokenBucket bucket = buckets.compute(grant.keyId(),
        (id, old) -> old != null && old.sameShape(rate, capacity) ? old : new TokenBucket(rate, capacity, clock.millis()));
    return bucket.take(clock.millis());
  }
}
