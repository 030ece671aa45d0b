package dev.avatar4d.worker.retry;

import ai.djl.engine.EngineException;
import dev.avatar4d.storage.StorageException;
import java.util.Locale;

/**
 * Why an attempt failed, as far as retrying is concerned. Bad input fails the job at once; every
 * other kind is worth another try (in-process first where {@link StorageRetry} or the batch-halving
 * renderer can, then by handing the record back to the queue).
 */
public enum Fault {
  /** The request cannot be processed (an undecodable image, a value the model refuses). */
  BAD_INPUT(false),
  /** The object store failed or could not be reached. */
  STORAGE(true),
  /** The device (or the JVM heap) ran out of memory. */
  OUT_OF_MEMORY(true),
  /** The inference engine failed for another reason. */
  DEVICE(true),
  /** Anything else: retried, since we cannot tell it is the request's fault. */
  UNKNOWN(true);

  private final boolean retryable;

  Fault(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether another attempt may succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** The kind of {@code error}, looking through its causes. */
  public static Fault of(Throwable error) {
    if (error instanceof JobFailure f && !f.retryable()) {
      return BAD_INPUT;
    }
    if (error instanceof IllegalArgumentException) {
      return BAD_INPUT;
    }
    if (isOutOfMemory(error)) {
      return OUT_OF_MEMORY;
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StorageException) {
        return STORAGE;
      }
      if (t instanceof EngineException) {
        return DEVICE;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return UNKNOWN;
  }

  /**
   * Whether {@code error} or one of its causes says memory ran out: a Java {@link
   * OutOfMemoryError}, or an engine message such as PyTorch's "CUDA out of memory" or "can't
   * allocate memory" (DJL wraps those in an {@code EngineException}).
   */
  public static boolean isOutOfMemory(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
      String message = t.getMessage();
      if (message != null) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("out of memory")
            || m.contains("can't allocate memory")
            || m.contains("failed to allocate")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
