package dev.avatar4d.synthesizer;

import ai.djl.ndarray.NDManager;

/** Shared base of the closeable results: one private NDManager, closed exactly once. */
abstract class NativeHandle implements AutoCloseable {

  private final NDManager manager;
  private volatile boolean closed;

  NativeHandle(NDManager manager) {
    this.manager = manager;
  }

  NDManager manager() {
    return manager;
  }

  /** Throws when this handle was already closed. */
  void checkOpen() {
    if (closed) {
      throw new IllegalStateException(getClass().getSimpleName() + " is closed");
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }
}
