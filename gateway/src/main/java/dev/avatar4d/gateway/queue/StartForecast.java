package dev.avatar4d.gateway.queue;

import java.util.List;
import java.util.PriorityQueue;

/**
 * When a queued job will start, by playing the queue forward: each live worker is free once its
 * running job's predicted remainder has passed, and each job ahead goes to the first free worker
 * and keeps it for its predicted time. Pure; the inputs come from {@link QueueEstimator}.
 */
public final class StartForecast {
  private StartForecast() {}

  /**
   * Seconds from now until the job behind {@code ahead} starts.
   *
   * @param workers live workers, at least 1
   * @param runningRemaining predicted seconds left of each running job; when more jobs run than
   *     workers are alive (a lost worker's job waits for its lock to expire), the soonest done
   *     count
   * @param ahead predicted seconds of each job queued ahead, in queue order
   */
  public static double secondsUntilStart(
      int workers, List<Double> runningRemaining, List<Double> ahead) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    PriorityQueue<Double> freeAt = new PriorityQueue<>();
    runningRemaining.stream().sorted().limit(workers).forEach(freeAt::add);
    while (freeAt.size() < workers) {
      freeAt.add(0.0);
    }
    for (double seconds : ahead) {
      freeAt.add(freeAt.poll() + seconds);
    }
    return freeAt.peek();
  }
}
