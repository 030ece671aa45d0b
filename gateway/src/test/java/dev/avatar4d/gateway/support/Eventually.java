package dev.avatar4d.gateway.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds, for assertions on asynchronous effects (relay, consumer). */
public final class Eventually {
  private Eventually() {}

  /** Returns once {@code condition} is true; fails with {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Boolean.TRUE.equals(condition.get())) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what);
  }
}
