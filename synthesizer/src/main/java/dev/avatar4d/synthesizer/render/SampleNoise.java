package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The random numbers a render consumes, made explicit so that renders can be reproduced exactly
 * (parity tests, deterministic previews).
 *
 * @param stratifiedJitter {@code (N, 1, S)} or {@code (N, R², S)} values in [0, 1): the offset of
 *     each coarse sample inside its stratum. The official auto-plane renderer draws one set per
 *     camera and shares it across the camera's rays, which is the {@code (N, 1, S)} form
 * @param importanceU {@code (N, R², I)} values in [0, 1): the uniform variates fed to the inverse
 *     CDF of the fine pass; may be {@code null} when the settings ask for no importance samples
 */
public record SampleNoise(NDArray stratifiedJitter, NDArray importanceU) {

  /** Validates ranks; shapes against a render are checked by {@link #checkFits}. */
  public SampleNoise {
    if (stratifiedJitter == null || stratifiedJitter.getShape().dimension() != 3) {
      throw new IllegalArgumentException("stratifiedJitter must have shape (N, 1|R², S)");
    }
    if (importanceU != null && importanceU.getShape().dimension() != 3) {
      throw new IllegalArgumentException("importanceU must have shape (N, R², I)");
    }
  }

  /**
   * Draws fresh noise the way the official renderer does: jitter per camera, u per ray.
   *
   * @param manager owner of the new arrays
   * @param cameras number of cameras N
   * @param settings the render settings
   * @return random noise
   */
  public static SampleNoise random(NDManager manager, int cameras, RenderSettings settings) {
    long rays = (long) settings.resolution() * settings.resolution();
    NDArray jitter =
        manager.randomUniform(
            0f, 1f, new Shape(cameras, 1, settings.stratifiedSamples()), DataType.FLOAT32);
    NDArray u =
        settings.importanceSamples() == 0
            ? null
            : manager.randomUniform(
                0f, 1f, new Shape(cameras, rays, settings.importanceSamples()), DataType.FLOAT32);
    return new SampleNoise(jitter, u);
  }

  /**
   * Midpoint noise: every coarse sample at the centre of its stratum and u = 0.5. Deterministic and
   * unbiased enough for previews and tests.
   */
  public static SampleNoise centred(NDManager manager, int cameras, RenderSettings settings) {
    long rays = (long) settings.resolution() * settings.resolution();
    NDArray jitter = manager.full(new Shape(cameras, 1, settings.stratifiedSamples()), 0.5f);
    NDArray u =
        settings.importanceSamples() == 0
            ? null
            : manager.full(new Shape(cameras, rays, settings.importanceSamples()), 0.5f);
    return new SampleNoise(jitter, u);
  }

  /** Throws when this noise does not match {@code cameras} renders with {@code settings}. */
  void checkFits(int cameras, RenderSettings settings) {
    long rays = (long) settings.resolution() * settings.resolution();
    Shape js = stratifiedJitter.getShape();
    if (js.get(0) != cameras
        || (js.get(1) != 1 && js.get(1) != rays)
        || js.get(2) != settings.stratifiedSamples()) {
      throw new IllegalArgumentException(
          "stratifiedJitter "
              + js
              + " does not fit "
              + cameras
              + " cameras, "
              + rays
              + " rays, "
              + settings.stratifiedSamples()
              + " samples");
    }
    if (settings.importanceSamples() == 0) {
      return;
    }
    Shape expected = new Shape(cameras, rays, settings.importanceSamples());
    if (importanceU == null || !importanceU.getShape().equals(expected)) {
      throw new IllegalArgumentException(
          "importanceU must have shape "
              + expected
              + ", got "
              + (importanceU == null ? "null" : importanceU.getShape()));
    }
  }
}
