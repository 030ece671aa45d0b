package dev.avatar4d.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
      new AttemptStop(job, cancellations, shuttingDown::get, clock, START.plus(Duration.ofMinutes(30)));

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
