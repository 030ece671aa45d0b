package dev.avatar4d.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The few PyTorch autograd controls that DJL's engine-neutral API does not expose: switching grad
 * mode off around in-place parameter updates, reading a gradient without DJL inventing zeros for
 * parameters that took no part in the graph, and clearing gradients.
 *
 * <p>Grad mode is thread-local in libtorch; every method acts on the calling thread.
 */
public final class Autograd {

  private Autograd() {}

  /** A scope with autograd off; closing it restores the previous mode. */
  public static NoGrad noGrad() {
    return new NoGrad();
  }

  /**
   * The accumulated gradient of a leaf, or null when backward never reached it (torch's {@code grad
   * is None}). The returned handle shares the gradient's storage and belongs to the leaf's manager;
   * close it when done.
   */
  public static NDArray gradientOrNull(NDArray leaf) {
    return JniUtils.getGradient((PtNDArray) leaf);
  }

  /** Zeroes the gradient of a leaf in place (torch {@code grad.zero_()}); no-op without one. */
  public static void zeroGradient(NDArray leaf) {
    JniUtils.zeroGrad((PtNDArray) leaf);
  }

  /** Restores the grad mode that was active when it was opened. */
  public static final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad() {
      previous = JniUtils.isGradMode();
      JniUtils.setGradMode(false);
    }

    @Override
    public void close() {
      JniUtils.setGradMode(previous);
    }
  }
}
