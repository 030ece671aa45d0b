package dev.avatar4d.worker.retry;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits between retries. An abstraction so that tests of retry policies run instantly and can see
 * the delays that were asked for.
 */
@FunctionalInterface
public interface Sleeper {
  /** How often {@link #SYSTEM} looks at its wake-up condition while sleeping. */
  Duration WAKE_CHECK = Duration.ofMillis(50);

  /** Real time: sleeps in short slices, returning early once {@code wakeEarly} turns true. */
  Sleeper SYSTEM =
      (duration, wakeEarly) -> {
        long end = System.nanoTime() + duration.toNanos();
        while (!wakeEarly.getAsBoolean()) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            return;
          }
          Thread.sleep(Math.max(1, Math.min(left, WAKE_CHECK.toNanos()) / 1_000_000));
        }
      };

  /**
   * Sleeps for {@code duration}, or less when {@code wakeEarly} turns true (a canceled job must not
   * sit out a backoff).
   */
  void sleep(Duration duration, BooleanSupplier wakeEarly) throws InterruptedException;
}
