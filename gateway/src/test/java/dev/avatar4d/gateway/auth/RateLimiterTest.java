package dev.avatar4d.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.gateway.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
  private final RateLimiter limiter = new RateLimiter(clock, 10, Duration.ofSeconds(2));

  @Test
  void aKeyMaySpendItsBurstAtOnceAndThenWaitsForTheRefill() {
    KeyGrant key = new KeyGrant(UUID.randomUUID(), "t", null);
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.acquire(key)).as("request %d", i).isZero();
    }
    assertThat(limiter.acquire(key)).isEqualTo(Duration.ofMillis(100));

    clock.advance(Duration.ofMillis(100));
    assertThat(limiter.acquire(key)).isZero();
    assertThat(limiter.acquire(key)).isPositive();
  }

  @Test
  void aTenantsOwnRateReplacesTheDefault() {
    KeyGrant slow = new KeyGrant(UUID.randomUUID(), "slow", 0.5);
    assertThat(limiter.acquire(slow)).isZero();
    assertThat(limiter.acquire(slow)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void keysHaveSeparateBuckets() {
    KeyGrant a = new KeyGrant(UUID.randomUUID(), "t", 0.1);
    KeyGrant b = new KeyGrant(UUID.randomUUID(), "t", 0.1);
    assertThat(limiter.acquire(a)).isZero();
    assertThat(limiter.acquire(a)).isPositive();
    assertThat(limiter.acquire(b)).isZero();
  }

  @Test
  void aBucketNeverHoldsMoreThanItsBurstHoweverLongItRested() {
    KeyGrant key = new KeyGrant(UUID.randomUUID(), "t", null);
    limiter.acquire(key);
    clock.advance(Duration.ofHours(1));
    int allowed = 0;
    while (limiter.acquire(key).isZero()) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(20);
  }

  @Test
  void aZeroRateIsRefusedAtStart() {
    assertThatThrownBy(() -> new RateLimiter(clock, 0, Duration.ofSeconds(1)))
        .hasMessageContaining("requests-per-second");
  }
}
