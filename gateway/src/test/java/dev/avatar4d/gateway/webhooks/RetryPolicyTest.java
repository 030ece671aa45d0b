package dev.avatar4d.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(6));

  @Test
  void theCapDoublesFromTheInitialBackoffUpToTheMaximum() {
    assertThat(policy.cap(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.cap(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.cap(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.cap(4)).isEqualTo(Duration.ofSeconds(6));
    assertThat(policy.cap(60)).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void aFailedAttemptWaitsARandomTimeBetweenZeroAndTheCap() {
    Random random = new Random(7);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      RetryPolicy.Next next = policy.next(3, AttemptResult.response(500, null), NOW, random);
      assertThat(next.status()).isEqualTo(DeliveryStatus.PENDING);
      long wait = Duration.between(NOW, next.nextAttemptAt()).toMillis();
      min = Math.min(min, wait);
      max = Math.max(max, wait);
    }
    assertThat(min).isBetween(0L, 100L);
    assertThat(max).isBetween(3900L, 4000L);
  }

  @Test
  void a2xxIsDeliveredAndTheLastAllowedFailureIsFinal() {
    assertThat(policy.next(1, AttemptResult.response(204, null), NOW, fixed(0.5)).status())
        .isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(policy.next(4, AttemptResult.response(503, null), NOW, fixed(0.5)).status())
        .isEqualTo(DeliveryStatus.PENDING);
    RetryPolicy.Next last =
        policy.next(5, AttemptResult.noResponse("connection refused"), NOW, fixed(0.5));
    assertThat(last.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(last.nextAttemptAt()).isNull();
  }

  @Test
  void aRefusedUrlA410AndARedirectAreJudgedAsTheReceiverMeant() {
    assertThat(policy.next(1, AttemptResult.refused("loopback"), NOW, fixed(0.5)).status())
        .isEqualTo(DeliveryStatus.FAILED);
    assertThat(policy.next(1, AttemptResult.response(410, null), NOW, fixed(0.5)).status())
        .isEqualTo(DeliveryStatus.FAILED);
    AttemptResult redirect = AttemptResult.response(302, null);
    assertThat(redirect.error()).contains("redirects are not followed");
    assertThat(policy.next(1, redirect, NOW, fixed(0.5)).status())
        .isEqualTo(DeliveryStatus.PENDING);
  }

  @Test
  void retryAfterRaisesTheWaitButNeverBeyondTheMaximum() {
    RetryPolicy.Next polite =
        policy.next(1, AttemptResult.response(429, Duration.ofSeconds(3)), NOW, fixed(0.1));
    RetryPolicy.Next greedy =
        policy.next(1, AttemptResult.response(503, Duration.ofHours(1)), NOW, fixed(0.1));

    assertThat(polite.nextAttemptAt()).isEqualTo(NOW.plusSeconds(3));
    assertThat(greedy.nextAttemptAt()).isEqualTo(NOW.plusSeconds(6));
  }

  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }
}
