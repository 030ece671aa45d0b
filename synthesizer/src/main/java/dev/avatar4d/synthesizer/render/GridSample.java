package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * 2D bilinear grid sampling with zeros padding, equivalent to PyTorch's {@code
 * F.grid_sample(mode='bilinear', padding_mode='zeros')} for both {@code align_corners} settings.
 *
 * <p>DJL 0.36 exposes no grid-sample operator, so the four corner taps are fetched with advanced
 * (integer-array) indexing on a channels-last view, which maps to {@code torch.index} and therefore
 * carries autograd to the input features. The corner weights are built from ordinary arithmetic, so
 * gradients w.r.t. the grid match PyTorch's as well (away from cell edges).
 */
public final class GridSample {

  private GridSample() {}

  /**
   * PyTorch-layout grid sample.
   *
   * @param input {@code (N, C, H, W)}
   * @param grid {@code (N, Ho, Wo, 2)}, normalised (x, y) in [-1, 1]; x indexes W, y indexes H
   * @param alignCorners whether ±1 refer to the centres (true) or the outer edges (false) of the
   *     corner pixels
   * @return {@code (N, C, Ho, Wo)}
   */
  public static NDArray bilinear(NDArray input, NDArray grid, boolean alignCorners) {
    Shape in = input.getShape();
    Shape g = grid.getShape();
    if (in.dimension() != 4 || g.dimension() != 4 || g.get(3) != 2 || g.get(0) != in.get(0)) {
      throw new IllegalArgumentException(
          "expected input (N,C,H,W) and grid (N,Ho,Wo,2), got " + in + " and " + g);
    }
    NDArray channelsLast = input.transpose(0, 2, 3, 1);
    NDArray points = grid.reshape(g.get(0), g.get(1) * g.get(2), 2);
    NDArray sampled = bilinearChannelsLast(channelsLast, points, alignCorners);
    return sampled.reshape(g.get(0), g.get(1), g.get(2), in.get(1)).transpose(0, 3, 1, 2);
  }

  /**
   * Channels-last grid sample, the layout the renderer uses (no transposes of the samples).
   *
   * @param input {@code (N, H, W, C)}
   * @param points {@code (N, P, 2)}, normalised (x, y)
   * @param alignCorners see {@link #bilinear}
   * @return {@code (N, P, C)}
   */
  public static NDArray bilinearChannelsLast(NDArray input, NDArray points, boolean alignCorners) {
    Shape in = input.getShape();
    long n = in.get(0);
    long h = in.get(1);
    long w = in.get(2);
    long c = in.get(3);
    long p = points.getShape().get(1);
    NDManager manager = input.getManager();

    NDArray flat = input.reshape(n * h * w, c);
    NDArray ix = unnormalize(points.get(":, :, 0"), w, alignCorners);
    NDArray iy = unnormalize(points.get(":, :, 1"), h, alignCorners);
    NDArray x0 = ix.floor();
    NDArray y0 = iy.floor();
    NDArray wx1 = ix.sub(x0);
    NDArray wy1 = iy.sub(y0);
    NDArray wx0 = wx1.neg().add(1f);
    NDArray wy0 = wy1.neg().add(1f);
    NDArray x1 = x0.add(1f);
    NDArray y1 = y0.add(1f);
    // Offset of each batch item in the flattened (N·H·W, C) table, in int64 so that large
    // batches cannot lose integer precision the way float index arithmetic would.
    NDArray base =
        manager
            .arange(0, n * h * w, h * w, DataType.INT64)
            .reshape(n, 1)
            .toDevice(input.getDevice(), false);

    NDArray out = tap(flat, base, x0, y0, wx0.mul(wy0), w, h);
    out = out.add(tap(flat, base, x1, y0, wx1.mul(wy0), w, h));
    out = out.add(tap(flat, base, x0, y1, wx0.mul(wy1), w, h));
    out = out.add(tap(flat, base, x1, y1, wx1.mul(wy1), w, h));
    return out.reshape(n, p, c);
  }

  /** Maps normalised coordinates to continuous pixel coordinates (pixel centres at integers). */
  static NDArray unnormalize(NDArray coord, long size, boolean alignCorners) {
    if (alignCorners) {
      return coord.add(1f).mul((size - 1) / 2f);
    }
    return coord.add(1f).mul(size).sub(1f).div(2f);
  }

  /** One weighted corner tap; out-of-range corners contribute zero (zeros padding). */
  private static NDArray tap(
      NDArray flat, NDArray base, NDArray xs, NDArray ys, NDArray weight, long w, long h) {
    NDArray inside =
        xs.gte(0f).logicalAnd(xs.lte(w - 1f)).logicalAnd(ys.gte(0f)).logicalAnd(ys.lte(h - 1f));
    NDArray xi = xs.clip(0f, w - 1f);
    NDArray yi = ys.clip(0f, h - 1f);
    // Row index within one image is < H·W, exact in float32 for any plane up to 4096².
    NDArray local = yi.mul((float) w).add(xi).toType(DataType.INT64, false);
    NDArray index = local.add(base).reshape(-1);
    NDArray values = flat.get(new NDIndex("{}", index));
    NDArray mask = weight.mul(inside.toType(weight.getDataType(), false)).reshape(-1, 1);
    return values.mul(mask);
  }
}
