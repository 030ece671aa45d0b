package dev.avatar4d.worker.job;

import dev.avatar4d.protocol.JobStage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Adds up the time one attempt spends in each {@link JobStage}, for its manifest. Stages do not
 * nest: each timed piece of work belongs to one stage. The job thread and the output writer time
 * their own work at once ({@link AttemptOutputs}), so the stages can add up to more than the
 * attempt's wall time.
 */
final class StageTimer {
  private final LongSupplier nanoTime;
  private final AtomicLongArray nanos = new AtomicLongArray(JobStage.values().length);

  /**
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  StageTimer(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Runs {@code work}, adding its time to {@code stage}, also when it throws. */
  <T> T time(JobStage stage, Supplier<T> work) {
    long start = nanoTime.getAsLong();
    try {
      return work.get();
    } finally {
      nanos.addAndGet(stage.ordinal(), nanoTime.getAsLong() - start);
    }
  }

  /** Runs {@code work}, adding its time to {@code stage}, also when it throws. */
  void time(JobStage stage, Runnable work) {
    time(
        stage,
        () -> {
          work.run();
          return null;
        });
  }

  /** Milliseconds per stage key, every stage present, in pipeline order. */
  Map<String, Long> millis() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (JobStage s : JobStage.values()) {
      out.put(s.key(), Math.round(nanos.get(s.ordinal()) / 1e6));
    }
    return out;
  }
}
