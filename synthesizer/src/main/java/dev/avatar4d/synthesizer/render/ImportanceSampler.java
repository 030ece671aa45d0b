package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * Draws fine samples from the coarse pass's weights by inverse-CDF sampling (no gradient flows).
 *
 * <p>The S−1 interval weights are smoothed by a max-pool (kernel 2, stride 1, padding 1) and an
 * average-pool (kernel 2, stride 1), then raised by 0.01. As in the official renderer, the two
 * outermost smoothed weights are dropped and the remaining S−3 weights (+1e-5) define a piecewise
 * constant density over the bins whose edges are the first S−2 midpoints between coarse depths.
 */
public final class ImportanceSampler {

  private static final float SMOOTHING_FLOOR = 0.01f;
  private static final float EPS = 1e-5f;

  private ImportanceSampler() {}

  /**
   * @param depths {@code (N, M, S)} sorted coarse depths
   * @param weights {@code (N, M, S−1)} coarse interval weights
   * @param u {@code (N, M, I)} uniform variates in [0, 1)
   * @return {@code (N, M, I)} fine depths, detached from the graph
   */
  public static NDArray sample(NDArray depths, NDArray weights, NDArray u) {
    NDArray w = smooth(weights.stopGradient()).add(SMOOTHING_FLOOR);
    NDArray z = depths.stopGradient();
    NDArray midpoints = z.get("..., 1:").add(z.get("..., :-1")).div(2f);
    return inverseCdf(midpoints, w.get("..., 1:-1"), u.stopGradient());
  }

  /** max_pool1d(2, stride 1, pad 1) followed by avg_pool1d(2, stride 1); keeps the length. */
  static NDArray smooth(NDArray w) {
    NDArray inner = w.get("..., :-1").maximum(w.get("..., 1:"));
    NDArray pooled = w.get("..., :1").concat(inner, -1).concat(w.get("..., -1:"), -1);
    return pooled.get("..., :-1").add(pooled.get("..., 1:")).div(2f);
  }

  /**
   * Inverse CDF of a piecewise-constant density.
   *
   * @param bins {@code (..., K+2)} bin edges; only the first K+1 are used (official behaviour)
   * @param weights {@code (..., K)} unnormalised bin masses
   * @param u {@code (..., I)} uniform variates
   * @return {@code (..., I)} samples
   */
  static NDArray inverseCdf(NDArray bins, NDArray weights, NDArray u) {
    NDArray w = weights.add(EPS);
    NDArray pdf = w.div(w.sum(new int[] {-1}, true));
    NDArray cdf = pdf.get("..., :1").zerosLike().concat(pdf.cumSum(-1), -1);
    long k = weights.getShape().getLastDimension();

    // searchsorted(cdf, u, right=True) == number of cdf entries <= u
    NDArray index =
        cdf.expandDims(-2).lte(u.expandDims(-1)).toType(DataType.INT64, false).sum(new int[] {-1});
    NDArray below = index.sub(1).maximum(0).toType(DataType.INT64, false);
    NDArray above = index.minimum(k).toType(DataType.INT64, false);

    NDArray cdfBelow = cdf.gather(below, -1);
    NDArray cdfAbove = cdf.gather(above, -1);
    NDArray binBelow = bins.gather(below, -1);
    NDArray binAbove = bins.gather(above, -1);
    NDArray denom = cdfAbove.sub(cdfBelow);
    denom = NDArrays.where(denom.lt(EPS), denom.onesLike(), denom);
    return binBelow.add(u.sub(cdfBelow).div(denom).mul(binAbove.sub(binBelow)));
  }
}
