package dev.avatar4d.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.storage.StorageException;
import dev.avatar4d.worker.retry.Backoff;
import dev.avatar4d.worker.retry.JobFailure;
import dev.avatar4d.worker.retry.StorageRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AttemptStopTest {
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private final UUID job = UUID.randomUUID();
  private final CancellationRegistry cancellations = new CancellationRegistry();
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final MutableClock clock = new MutableClock(START);
  private final AttemptStop stop =
      new AttemptStop(
          job, cancellations, shuttingDown::get, clock, START.plus(Duration.ofMinutes(30)));

  @Test
  void aRunningAttemptWithinItsTimeIsNotStopped() {
    clock.now = START.plus(Duration.ofMinutes(29));

    assertThat(stop.getAsBoolean()).isFalse();
    assertThat(stop.reason()).isEmpty();
    stop.throwIfRequested();
  }

  @Test
  void anAttemptPastItsDeadlineStopsAsTimedOut() {
    clock.now = START.plus(Duration.ofMinutes(30));

    assertThatThrownBy(stop::throwIfRequested).isInstanceOf(JobCanceledException.class);
    assertThat(stop.reason()).contains(AttemptStop.Reason.TIMED_OUT);
  }

  @Test
  void anAttemptPastItsJobsOwnDeadlineStopsForThatDeadlineBeforeItsTimeout() {
    AttemptStop withDeadline =
        new AttemptStop(
            job,
            cancellations,
            shuttingDown::get,
            clock,
            START.plus(Duration.ofMinutes(30)),
            START.plus(Duration.ofMinutes(5)));
    clock.now = START.plus(Duration.ofMinutes(5)).minusMillis(1);
    assertThat(withDeadline.getAsBoolean()).isFalse();

    clock.now = START.plus(Duration.ofMinutes(40));

    assertThatThrownBy(withDeadline::throwIfRequested).isInstanceOf(JobCanceledException.class);
    assertThat(withDeadline.reason()).contains(AttemptStop.Reason.DEADLINE);
  }

  @Test
  void aCancelOutranksAShutdownSeenAtTheSameCheck() {
    cancellations.cancel(job);
    shuttingDown.set(true);

    assertThat(stop.getAsBoolean()).isTrue();
    assertThat(stop.reason()).contains(AttemptStop.Reason.CANCELED);
  }

  @Test
  void theFirstReasonSeenIsKeptEvenWhenAnotherComesLater() {
    shuttingDown.set(true);
    assertThat(stop.getAsBoolean()).isTrue();

    cancellations.cancel(job);
    clock.now = START.plus(Duration.ofHours(1));

    assertThat(stop.reason()).contains(AttemptStop.Reason.SHUTDOWN);
  }

  @Test
  void anAbandonedAttemptStopsAtItsNextCheckAndStorageRetriesGiveUp() {
    stop.abandon();

    assertThatThrownBy(stop::throwIfRequested).isInstanceOf(JobCanceledException.class);
    assertThat(stop.reason()).contains(AttemptStop.Reason.ABANDONED);
    var retry =
        new StorageRetry(
            8, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), () -> 0.5), (d, wake) -> {});
    int[] tries = {0};
    assertThatThrownBy(
            () ->
                retry.call(
                    "storing a frame",
                    () -> {
                      tries[0]++;
                      throw new StorageException("store down");
                    },
                    stop))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("stopped while waiting to retry");
    assertThat(tries[0]).isEqualTo(1);
  }

  @Test
  void abandoningAnAttemptThatWasAlreadyCanceledKeepsTheCancel() {
    cancellations.cancel(job);
    assertThat(stop.getAsBoolean()).isTrue();

    stop.abandon();

    assertThat(stop.reason()).contains(AttemptStop.Reason.CANCELED);
  }

  @Test
  void anotherJobsCancelDoesNotStopThisOne() {
    cancellations.cancel(UUID.randomUUID());

    assertThat(stop.getAsBoolean()).isFalse();
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
