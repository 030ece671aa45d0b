package dev.avatar4d.synthesizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Everything computed once per source portrait: F_g, F_d, the background at render resolution and
 * the source motion code v_s. Owns its native memory; close it when the job is done.
 */
public final class SourceFeatures extends NativeHandle {

  private final NDArray global;
  private final NDArray detail;
  private final NDArray background;
  private final NDArray motion;

  SourceFeatures(
      NDManager manager, NDArray global, NDArray detail, NDArray background, NDArray motion) {
    super(manager);
    this.global = global;
    this.detail = detail;
    this.background = background;
    this.motion = motion;
  }

  /** F_g {@code (1, C, S/8, S/8)}. */
  public NDArray global() {
    checkOpen();
    return global;
  }

  /** F_d {@code (1, C, S/2, S/2)}. */
  public NDArray detail() {
    checkOpen();
    return detail;
  }

  /** Background features in [0, 1] {@code (1, Cf, R, R)}. */
  public NDArray background() {
    checkOpen();
    return background;
  }

  /** Source motion code v_s {@code (1, motionDim)}. */
  public NDArray motion() {
    checkOpen();
    return motion;
  }
}
