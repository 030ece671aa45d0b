package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;

/**
 * Images produced by one batched {@link VolumeRenderer#render} call, one entry per camera.
 *
 * @param featureImage {@code (N, Cf, R, R)}: composited features (background included when given),
 *     mapped to [-1, 1] by ×2−1; channels 0..2 are the raw RGB image
 * @param depth {@code (N, 1, R, R)}: expected ray distance t (not z-depth), clamped to the sampled
 *     range
 * @param opacity {@code (N, 1, R, R)}: accumulated opacity Σw = 1 − T_bg, in [0, 1]
 */
public record RenderOutput(NDArray featureImage, NDArray depth, NDArray opacity) {

  /** Background transmittance T_bg = 1 − opacity. */
  public NDArray backgroundTransmittance() {
    return opacity.neg().add(1f);
  }

  /** The official {@code seg} output: opacity mapped to [-1, 1]. */
  public NDArray segmentation() {
    return opacity.mul(2f).sub(1f);
  }
}
