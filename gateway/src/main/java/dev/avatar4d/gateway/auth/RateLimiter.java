package dev.avatar4d.gateway.auth;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.config.RateLimitStore;
import dev.avatar4d.gateway.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/**
 * Per-key request rate limits: one token bucket per API key, refilled at the tenant's rate and
 * holding {@code rate × burst-window} tokens. By default the buckets live in PostgreSQL and are
 * shared by every gateway ({@link DatabaseTokenBuckets}), so a key gets its rate however many
 * gateways serve it; {@code avatar4d.auth.rate-limit-store=memory} keeps them per process instead
 * ({@link InMemoryTokenBuckets}), which saves a database write per request and allows N gateways N
 * times the rate.
 */
@ApplicationScoped
public class RateLimiter {
  private final TokenBuckets buckets;
  private final Clock clock;
  private final double defaultRate;
  private final Duration burstWindow;

  @Inject
  RateLimiter(Clock clock, GatewayConfig config, Transactions tx) {
    this(
        config.auth().rateLimitStore() == RateLimitStore.DATABASE
            ? new DatabaseTokenBuckets(tx)
            : new InMemoryTokenBuckets(),
        clock,
        config.auth().requestsPerSecond(),
        config.auth().burstWindow());
  }

  /** A limiter with buckets in memory and explicit settings (for tests of the arithmetic). */
  public RateLimiter(Clock clock, double defaultRate, Duration burstWindow) {
    this(new InMemoryTokenBuckets(), clock, defaultRate, burstWindow);
  }

  RateLimiter(TokenBuckets buckets, Clock clock, double defaultRate, Duration burstWindow) {
    if (!(defaultRate > 0)) {
      throw new IllegalArgumentException(
          "avatar4d.auth.requests-per-second must be > 0, got " + defaultRate);
    }
    if (burstWindow.isNegative() || burstWindow.isZero()) {
      throw new IllegalArgumentException(
          "avatar4d.auth.burst-window must be positive, got " + burstWindow);
    }
    this.buckets = buckets;
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
    TokenBuckets.Take take = buckets.take(grant.keyId(), rate, capacity, clock.instant());
    if (take.taken()) {
      return Duration.ZERO;
    }
    return Duration.ofMillis((long) Math.ceil((1.0 - take.tokensLeft()) * 1000.0 / rate));
  }
}
