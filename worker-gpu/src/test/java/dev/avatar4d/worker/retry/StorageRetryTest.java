package dev.avatar4d.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.storage.ObjectNotFoundException;
import dev.avatar4d.storage.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StorageRetryTest {
  private final List<Duration> slept = new ArrayList<>();
  private final Sleeper recording = (d, wake) -> slept.add(d);
  private final Backoff backoff =
      new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 1.0);
  private final AtomicInteger tries = new AtomicInteger();

  @Test
  void aStepThatFailsTwiceIsRetriedAfterGrowingDelaysAndItsResultReturned() {
    StorageRetry retry = new StorageRetry(3, backoff, recording);

    String result = retry.call("reading source", () -> failTimes(2, "bytes"), () -> false);

    assertThat(result).isEqualTo("bytes");
    assertThat(tries).hasValue(3);
    assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void aStepThatKeepsFailingGivesUpAsARetryableFailureAfterItsRetries() {
    StorageRetry retry = new StorageRetry(3, backoff, recording);

    assertThatThrownBy(() -> retry.call("storing frame", () -> failTimes(99, "never"), () -> false))
        .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.retryable()).isTrue())
        .hasMessageContaining("storing frame")
        .hasMessageContaining("4 tries")
        .hasCauseInstanceOf(StorageException.class);
    assertThat(tries).hasValue(4);
    assertThat(slept)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void aMissingObjectIsNotRetried() {
    StorageRetry retry = new StorageRetry(3, backoff, recording);

    assertThatThrownBy(
            () ->
                retry.call(
                    "reading source",
                    () -> {
                      tries.incrementAndGet();
                      throw new ObjectNotFoundException("jobs/x/input/source.png");
                    },
                    () -> false))
        .isInstanceOf(ObjectNotFoundException.class);
    assertThat(tries).hasValue(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void anErrorThatIsNotTheStoresIsNotRetried() {
    StorageRetry retry = new StorageRetry(3, backoff, recording);

    assertThatThrownBy(
            () ->
                retry.call(
                    "storing frame",
                    () -> {
                      tries.incrementAndGet();
                      throw new IllegalArgumentException("bad key");
                    },
                    () -> false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(tries).hasValue(1);
  }

  @Test
  void aStopDuringTheBackoffEndsTheStepWithoutAnotherTry() {
    AtomicBoolean stop = new AtomicBoolean();
    Sleeper stoppedWhileSleeping = (d, wake) -> stop.set(true);
    StorageRetry retry = new StorageRetry(3, backoff, stoppedWhileSleeping);

    assertThatThrownBy(() -> retry.call("storing frame", () -> failTimes(99, "never"), stop::get))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("stopped while waiting");
    assertThat(tries).hasValue(1);
  }

  @Test
  void theSystemSleeperWakesEarlyWhenAskedTo() throws Exception {
    long start = System.nanoTime();

    Sleeper.SYSTEM.sleep(Duration.ofSeconds(10), () -> System.nanoTime() - start > 100_000_000L);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  private <T> T failTimes(int failures, T result) {
    if (tries.incrementAndGet() <= failures) {
      throw new StorageException("put failed: connection refused");
    }
    return result;
  }
}
