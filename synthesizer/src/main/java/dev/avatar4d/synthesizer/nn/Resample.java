package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear resampling of {@code (..., H, W)} as two small matrix products, A_h·X·A_wᵀ. This gives
 * both of PyTorch's corner conventions exactly (the engine's interpolate binding fixes
 * align_corners to false) and runs on any device.
 */
public final class Resample {

  private Resample() {}

  /**
   * Bilinear resize to {@code outH × outW}.
   *
   * @param alignCorners PyTorch's align_corners: true maps corner pixel centres onto each other
   *     (UpsamplingBilinear2d); false maps pixel edges (F.interpolate default), without antialias
   */
  public static NDArray bilinear(NDArray x, int outH, int outW, boolean alignCorners) {
    Shape s = x.getShape();
    int rank = s.dimension();
    int inH = (int) s.get(rank - 2);
    int inW = (int) s.get(rank - 1);
    if (inH == outH && inW == outW) {
      return x.duplicate();
    }
    NDArray ah = x.getManager().create(weights(inH, outH, alignCorners), new Shape(outH, inH));
    NDArray awT =
        x.getManager().create(weights(inW, outW, alignCorners), new Shape(outW, inW)).transpose();
    return ah.matMul(x.matMul(awT));
  }

  /** Interpolation matrix {@code (out, in)} in row-major order. */
  static float[] weights(int in, int out, boolean alignCorners) {
    float[] m = new float[out * in];
    for (int o = 0; o < out; o++) {
      double src;
      if (alignCorners) {
        src = out == 1 ? 0 : o * (double) (in - 1) / (out - 1);
      } else {
        src = Math.max((o + 0.5) * in / out - 0.5, 0);
      }
      int i0 = Math.min((int) Math.floor(src), in - 1);
      int i1 = Math.min(i0 + 1, in - 1);
      double frac = src - i0;
      m[o * in + i0] += (float) (1 - frac);
      m[o * in + i1] += (float) frac;
    }
    return m;
  }
}
