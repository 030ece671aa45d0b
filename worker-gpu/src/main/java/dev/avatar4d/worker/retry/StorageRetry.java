package dev.avatar4d.worker.retry;

import dev.avatar4d.storage.ObjectNotFoundException;
import dev.avatar4d.storage.StorageException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one object-store step of a job, trying it again after a {@link Backoff} when the store
 * fails, up to {@code retries} more times. Retrying the step in-process keeps the frames already
 * rendered; handing the record back would render them again. A missing object is not retried:
 * waiting does not make it appear. The job's lease is renewed by the job loop meanwhile.
 */
public final class StorageRetry {
  private static final Logger LOG = LoggerFactory.getLogger(StorageRetry.class);

  private final int retries;
  private final Backoff backoff;
  private final Sleeper sleeper;

  /**
   * @param retries how many times a failed step is tried again before the attempt gives up, 0 or
   *     more
   * @param backoff the wait before each retry
   * @param sleeper how to wait
   */
  public StorageRetry(int retries, Backoff backoff, Sleeper sleeper) {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
    this.retries = retries;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * The result of {@code action}, retried on {@link StorageException}. {@code stop} cuts a backoff
   * short; the job loop then tells from the stop's reason why the attempt ended.
   *
   * @throws JobFailure (retryable) when every try failed or the wait was cut short
   * @throws ObjectNotFoundException at once, when the object does not exist
   */
  public <T> T call(String step, Supplier<T> action, BooleanSupplier stop) {
    for (int retry = 1; ; retry++) {
      try {
        return action.get();
      } catch (ObjectNotFoundException e) {
        throw e;
      } catch (StorageException e) {
        if (retry > retries) {
          throw JobFailure.transientFault(
              "object store unavailable while "
                  + step
                  + " ("
                  + (retries + 1)
                  + " tries): "
                  + e.getMessage(),
              e);
        }
        Duration delay = backoff.delay(retry);
        LOG.warn(
            "object store failed while {} (try {} of {}), retrying in {} ms: {}",
            step,
            retry,
            retries + 1,
            delay.toMillis(),
            e.getMessage());
        pause(step, delay, stop, e);
      }
    }
  }

  /** {@link #call} for a step without a result. */
  public void run(String step, Runnable action, BooleanSupplier stop) {
    call(
        step,
        () -> {
          action.run();
          return null;
        },
        stop);
  }

  private void pause(String step, Duration delay, BooleanSupplier stop, StorageException cause) {
    try {
      sleeper.sleep(delay, stop);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw JobFailure.transientFault("interrupted while waiting to retry " + step, cause);
    }
    if (stop.getAsBoolean()) {
      throw JobFailure.transientFault("stopped while waiting to retry " + step, cause);
    }
  }
}
