package dev.avatar4d.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.protocol.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerRosterTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private final WorkerRoster roster =
      new WorkerRoster(Duration.ofSeconds(15), Duration.ofMinutes(10));

  @Test
  void aWorkerHeardWithinTheTimeoutIsAlive() {
    roster.heard(beat("w1", false), NOW.minusSeconds(4));

    assertThat(roster.workers(NOW))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.alive()).isTrue();
              assertThat(w.status()).isEqualTo("alive");
              assertThat(w.secondsSinceSeen()).isEqualTo(4.0);
            });
  }

  @Test
  void aWorkerSilentForLongerThanTheTimeoutIsLostAndLaterForgotten() {
    roster.heard(beat("w1", false), NOW.minusSeconds(20));

    assertThat(roster.workers(NOW))
        .singleElement()
        .satisfies(w -> assertThat(w.status()).isEqualTo("lost"));
    assertThat(roster.workers(NOW.plus(Duration.ofMinutes(11)))).isEmpty();
  }

  @Test
  void aGoodbyeMakesAWorkerStoppedAtOnce() {
    roster.heard(beat("w1", true), NOW.minusSeconds(1));

    assertThat(roster.workers(NOW))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.alive()).isFalse();
              assertThat(w.status()).isEqualTo("stopped");
            });
  }

  @Test
  void anOlderHeartbeatArrivingLateDoesNotReplaceANewerOne() {
    roster.heard(beat("w1", true), NOW.minusSeconds(1));
    roster.heard(beat("w1", false), NOW.minusSeconds(3));

    assertThat(roster.workers(NOW))
        .singleElement()
        .satisfies(w -> assertThat(w.status()).isEqualTo("stopped"));
  }

  @Test
  void aliveWorkersAreListedFirst() {
    roster.heard(beat("a-lost", false), NOW.minusSeconds(60));
    roster.heard(beat("b-alive", false), NOW.minusSeconds(1));

    assertThat(roster.workers(NOW))
        .extracting(SystemView.Worker::workerId)
        .containsExactly("b-alive", "a-lost");
  }

  private static WorkerHeartbeat beat(String id, boolean stopping) {
    return new WorkerHeartbeat(id, "cpu", NOW.minusSeconds(3600), NOW, 5000, stopping, null, null);
  }
}
