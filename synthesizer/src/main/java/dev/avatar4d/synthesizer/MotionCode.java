package dev.avatar4d.synthesizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** A driving frame's motion embedding {@code (1, motionDim)}; owns its native memory. */
public final class MotionCode extends NativeHandle {

  private final NDArray code;

  MotionCode(NDManager manager, NDArray code) {
    super(manager);
    this.code = code;
  }

  /** The embedding. */
  public NDArray code() {
    checkOpen();
    return code;
  }

  /** The embedding copied to the heap. */
  public float[] toFloatArray() {
    return code().toFloatArray();
  }
}
