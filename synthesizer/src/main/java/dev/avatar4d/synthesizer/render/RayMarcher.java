package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * Emission-absorption compositing along rays (the official MipRayMarcher2 numerics).
 *
 * <p>Colours, densities and depths are averaged over consecutive sample pairs; σ = softplus(density
 * − 1); α = 1 − exp(−σΔt); transmittance T_k = Π_{j&lt;k}(1 − α_j + 1e-10); w = αT. The depth is
 * Σw·t/Σw, clamped to the range of all sampled depths (empty rays get the far end).
 */
public final class RayMarcher {

  private RayMarcher() {}

  /**
   * Composited quantities per ray.
   *
   * @param features {@code (N, M, Cf)} Σ w·colour (no background)
   * @param depth {@code (N, M, 1)} expected distance
   * @param opacity {@code (N, M, 1)} Σ w = 1 − T_bg
   * @param weights {@code (N, M, S−1)} per-interval weights
   */
  public record Marched(NDArray features, NDArray depth, NDArray opacity, NDArray weights) {}

  /**
   * @param colors {@code (N, M, S, Cf)}
   * @param densities {@code (N, M, S)} raw densities
   * @param depths {@code (N, M, S)} sorted sample distances
   * @return the composited ray quantities
   */
  public static Marched march(NDArray colors, NDArray densities, NDArray depths) {
    Composited c = composite(colors, densities, depths);
    return new Marched(
        c.features(),
        clampDepth(c.depthRatio(), depths.min(), depths.max()),
        c.opacity(),
        c.weights());
  }

  /**
   * Compositing before the depth clamp, which needs the sampled range of the whole batch; the
   * renderer composites ray chunks separately and clamps once at the end.
   *
   * @param features {@code (N, M, Cf)} Σ w·colour
   * @param depthRatio {@code (N, M, 1)} Σw·t/Σw, NaN for rays with Σw = 0
   * @param opacity {@code (N, M, 1)} Σ w
   * @param weights {@code (N, M, S−1)} per-interval weights
   */
  record Composited(NDArray features, NDArray depthRatio, NDArray opacity, NDArray weights) {}

  static Composited composite(NDArray colors, NDArray densities, NDArray depths) {
    NDArray weights = weights(densities, depths);
    NDArray colorsMid = colors.get(":, :, 1:, :").add(colors.get(":, :, :-1, :")).div(2f);
    NDArray depthsMid = depths.get("..., 1:").add(depths.get("..., :-1")).div(2f);
    NDArray features = weights.expandDims(-1).mul(colorsMid).sum(new int[] {2});
    NDArray opacity = weights.sum(new int[] {2}, true);
    // Dividing by a floored opacity and only then marking empty rays NaN keeps the gradient
    // finite: Σw·t/0 would put 0·∞ = NaN into every upstream gradient of a depth loss.
    NDArray ratio =
        NDArrays.where(
            opacity.gt(0f),
            weights.mul(depthsMid).sum(new int[] {2}, true).div(opacity.maximum(1e-10f)),
            opacity.zerosLike().add(Float.NaN));
    return new Composited(features, ratio, opacity, weights);
  }

  /** Interval weights w = αT only (what importance sampling needs): {@code (N, M, S−1)}. */
  static NDArray weights(NDArray densities, NDArray depths) {
    NDArray deltas = depths.get("..., 1:").sub(depths.get("..., :-1"));
    NDArray densitiesMid = densities.get("..., 1:").add(densities.get("..., :-1")).div(2f);
    NDArray sigma = softplus(densitiesMid.sub(1f));
    NDArray alpha = sigma.mul(deltas).neg().exp().neg().add(1f);
    return alpha.mul(exclusiveTransmittance(alpha));
  }

  /** Empty rays (NaN ratio) get {@code hi}; the rest are clamped to [lo, hi] (scalars). */
  static NDArray clampDepth(NDArray ratio, NDArray lo, NDArray hi) {
    NDArray depth = NDArrays.where(ratio.isNaN(), hi.broadcast(ratio.getShape()), ratio);
    return depth.maximum(lo).minimum(hi);
  }

  /** T_k = Π_{j&lt;k} (1 − α_j + 1e-10), with T_0 = 1. */
  static NDArray exclusiveTransmittance(NDArray alpha) {
    // The epsilon is added after 1 − α (not folded into 1f + 1e-10f, which rounds to 1f), so
    // it only acts on nearly opaque intervals, as in the reference.
    NDArray keep = alpha.neg().add(1f).add(1e-10f);
    NDArray shifted = alpha.get("..., :1").onesLike().concat(keep.get("..., :-1"), -1);
    return shifted.cumProd(-1);
  }

  /** Overflow-free softplus: max(x, 0) + log(1 + exp(−|x|)). */
  static NDArray softplus(NDArray x) {
    return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
  }
}
