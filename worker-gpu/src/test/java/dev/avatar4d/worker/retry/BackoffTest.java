package dev.avatar4d.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration INITIAL = Duration.ofMillis(200);
  private static final Duration MAX = Duration.ofMillis(1500);

  @Test
  void theCapDoublesWithEveryRetryUntilTheMaximum() {
    Backoff longest = new Backoff(INITIAL, MAX, () -> 1.0);

    assertThat(IntStream.rangeClosed(1, 6).mapToObj(longest::delay).map(Duration::toMillis))
        .containsExactly(200L, 400L, 800L, 1500L, 1500L, 1500L);
  }

  @Test
  void jitterNeverTakesADelayBelowHalfItsCap() {
    Backoff shortest = new Backoff(INITIAL, MAX, () -> 0.0);

    assertThat(IntStream.rangeClosed(1, 5).mapToObj(shortest::delay).map(Duration::toMillis))
        .containsExactly(100L, 200L, 400L, 750L, 750L);
  }

  @Test
  void aRandomValueInBetweenLandsBetweenHalfTheCapAndTheCap() {
    Backoff middle = new Backoff(INITIAL, MAX, () -> 0.5);

    assertThat(middle.delay(2)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aVeryLateRetryDoesNotOverflow() {
    Backoff longest = new Backoff(INITIAL, MAX, () -> 1.0);

    assertThat(longest.delay(1_000)).isEqualTo(MAX);
  }

  @Test
  void aMaximumBelowTheInitialDelayIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max backoff");
  }
}
