package dev.avatar4d.synthesizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** The triplanes of one driving frame {@code (1, 3, C, H, W)}; owns its native memory. */
public final class Triplanes extends NativeHandle {

  private final NDArray planes;

  Triplanes(NDManager manager, NDArray planes) {
    super(manager);
    this.planes = planes;
  }

  /** The planes. */
  public NDArray planes() {
    checkOpen();
    return planes;
  }
}
