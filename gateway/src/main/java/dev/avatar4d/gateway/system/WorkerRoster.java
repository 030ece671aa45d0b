package dev.avatar4d.gateway.system;

import dev.avatar4d.protocol.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest heartbeat of every worker heard from, and who counts as alive: a worker is alive while
 * its newest heartbeat is younger than the timeout and does not say it is stopping. Workers silent
 * for longer than {@code forgetAfter} are dropped. Thread-safe.
 */
final class WorkerRoster {
  private final Duration timeout;
  private final Duration forgetAfter;
  private final Map<String, Seen> newest = new ConcurrentHashMap<>();

  WorkerRoster(Duration timeout, Duration forgetAfter) {
    this.timeout = timeout;
    this.forgetAfter = forgetAfter;
  }

  /** Records {@code heartbeat}, sent at {@code at}, unless a newer one of that worker is known. */
  void heard(WorkerHeartbeat heartbeat, Instant at) {
    newest.merge(
        heartbeat.workerId(),
        new Seen(heartbeat, at),
        (old, next) -> next.at.isBefore(old.at) ? old : next);
  }

  /**
   * Every worker heard from within {@code forgetAfter} of {@code now}, alive ones first, then by
   * id.
   */
  List<SystemView.Worker> workers(Instant now) {
    newest.values().removeIf(seen -> seen.at.isBefore(now.minus(forgetAfter)));
    return newest.values().stream()
        .map(seen -> seen.view(now, timeout))
        .sorted(
            Comparator.comparing((SystemView.Worker w) -> !w.alive())
                .thenComparing(SystemView.Worker::workerId))
        .toList();
  }

  private record Seen(WorkerHeartbeat heartbeat, Instant at) {
    SystemView.Worker view(Instant now, Duration timeout) {
      boolean alive = !heartbeat.stopping() && !at.isBefore(now.minus(timeout));
      String status = alive ? "alive" : heartbeat.stopping() ? "stopped" : "lost";
      return new SystemView.Worker(
          heartbeat.workerId(),
          heartbeat.device(),
          alive,
          status,
          heartbeat.startedAt(),
          at,
          Duration.between(at, now).toMillis() / 1000.0,
          heartbeat.currentJob(),
          heartbeat.lastJob());
    }
  }
}
