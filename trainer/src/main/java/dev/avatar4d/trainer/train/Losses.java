package dev.avatar4d.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.avatar4d.trainer.heads.Expression;

/**
 * The reconstruction losses of both stages. Images are {@code (B, 3, R, R)} in the network's [-1,
 * 1] range; masks and opacities {@code (B, 1, R, R)} in [0, 1].
 *
 * <p>The paper pairs L1 with LPIPS; no LPIPS network can be had here, so SSIM stands in for the
 * structural term (weight {@value #SSIM_WEIGHT}).
 */
final class Losses {

  static final float SSIM_WEIGHT = 0.25f;
  static final float MASK_WEIGHT = 0.3f;
  static final float DEPTH_WEIGHT = 0.5f;
  private static final int SSIM_WINDOW = 7;
  private static final float C1 = 0.01f * 0.01f;
  private static final float C2 = 0.03f * 0.03f;

  private Losses() {}

  /** L1 plus {@value #SSIM_WEIGHT} × (1 − SSIM). */
  static NDArray photometric(NDArray prediction, NDArray target) {
    NDArray l1 = prediction.sub(target).abs().mean();
    return l1.add(
        ssim(prediction.add(1f).div(2f), target.add(1f).div(2f)).neg().add(1f).mul(SSIM_WEIGHT));
  }

  /** Mean SSIM over a sliding box window (valid region), images in [0, 1]. */
  static NDArray ssim(NDArray a, NDArray b) {
    NDArray muA = blur(a);
    NDArray muB = blur(b);
    NDArray varA = blur(a.mul(a)).sub(muA.mul(muA));
    NDArray varB = blur(b.mul(b)).sub(muB.mul(muB));
    NDArray cov = blur(a.mul(b)).sub(muA.mul(muB));
    NDArray numerator = muA.mul(muB).mul(2f).add(C1).mul(cov.mul(2f).add(C2));
    NDArray denominator = muA.mul(muA).add(muB.mul(muB)).add(C1).mul(varA.add(varB).add(C2));
    return numerator.div(denominator).mean();
  }

  /**
   * L1 between the head the volume alone renders (background compositing undone) and the ground
   * truth over black. The paper's "raw image without background" term: without it the background
   * network, which sees the source image, learns to paint the whole picture and the volume stays
   * transparent (measured: opacity 0.04 inside the head after 900 steps without this term).
   *
   * @param rgb the composited raw RGB, {@code (B, 3, R, R)} in [-1, 1]
   * @param background the background features the render composited, {@code (B, Cf, R, R)} in [0,
   *     1]
   * @param truth the ground truth in [-1, 1]
   */
  static NDArray foreground(
      NDArray rgb, NDArray opacity, NDArray background, NDArray truth, NDArray coverage) {
    NDArray behind = background.get(new NDIndex(":, 0:3")).mul(opacity.neg().add(1f));
    NDArray volume = rgb.add(1f).div(2f).sub(behind);
    return volume.sub(truth.add(1f).div(2f).mul(coverage)).abs().mean();
  }

  /** L1 between the rendered opacity and the ground-truth coverage, times {@value #MASK_WEIGHT}. */
  static NDArray mask(NDArray opacity, NDArray coverage) {
    return mask(opacity, coverage, MASK_WEIGHT);
  }

  /** L1 between the rendered opacity and the ground-truth coverage, times {@code weight}. */
  static NDArray mask(NDArray opacity, NDArray coverage, float weight) {
    return opacity.sub(coverage).abs().mean().mul(weight);
  }

  /**
   * L1 between the background branch's RGB and the ground truth where the head does not cover the
   * pixel (the paper's background-region term). It gives the background network its own target, a
   * backdrop seen from the target camera, so it has no reason to paint the head.
   *
   * @param background {@code (B, Cf, R, R)} in [0, 1]
   * @param truth {@code (B, 3, R, R)} in [-1, 1]
   */
  static NDArray background(NDArray background, NDArray truth, NDArray coverage) {
    NDArray outside = coverage.neg().add(1f);
    return background
        .get(new NDIndex(":, 0:3"))
        .sub(truth.add(1f).div(2f))
        .abs()
        .mul(outside)
        .mean();
  }

  /** L1 of the ray distance where the head covers more than half the pixel. */
  static NDArray depth(NDArray depth, NDArray truth, NDArray coverage) {
    NDArray inside = coverage.gt(0.5f).toType(depth.getDataType(), false);
    NDArray count = inside.sum().maximum(1f);
    return depth.sub(truth).abs().mul(inside).sum().div(count).mul(DEPTH_WEIGHT);
  }

  /**
   * L1 between the first {@link Expression#SIZE} entries of motion codes {@code (B, C)} and the
   * frames' expression values {@code (B, SIZE, 1, 1)} or {@code (B, SIZE)}: our stand-in for the
   * paper's pretrained expression encoder.
   */
  static NDArray motionLabels(NDArray code, NDArray labels) {
    NDArray readout = code.get(new NDIndex(":, 0:" + Expression.SIZE));
    return readout.sub(labels.reshape(readout.getShape())).abs().mean();
  }

  private static NDArray blur(NDArray x) {
    return Pool.avgPool2d(
        x, new Shape(SSIM_WINDOW, SSIM_WINDOW), new Shape(1, 1), new Shape(0, 0), false, true);
  }
}
