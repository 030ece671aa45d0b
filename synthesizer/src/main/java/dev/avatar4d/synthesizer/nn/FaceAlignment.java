package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * PD-FGC's input crop: a similarity transform taking the left-eye centre, right-eye centre and
 * inner-mouth centre onto a 224-pixel template, then rows 0:192 and columns 16:208 of that warp
 * resized back to 224. The warp, crop and resize are composed into one affine map sampled
 * bilinearly with zero padding (one resampling instead of two), then clamped to [-1, 1].
 */
public final class FaceAlignment {

  /** Template points (x, y) in the 224-px warp: left eye, right eye, mouth. */
  static final double[][] TEMPLATE = {{87, 59}, {137, 59}, {112, 120}};

  /**
   * Default points, as fractions of the image side, for a pre-aligned FFHQ/EG3D-style portrait crop
   * when no landmarks are supplied.
   */
  public static final double[][] DEFAULT_POINTS = {{0.385, 0.48}, {0.615, 0.48}, {0.5, 0.70}};

  private static final int CROP = 224;

  private FaceAlignment() {}

  /**
   * Crops every image of the batch.
   *
   * @param images {@code (B, 3, H, W)} in [-1, 1]
   * @param points per image the three points {@code [eyeL, eyeR, mouth][x, y]} in pixels of {@code
   *     images}; {@code null} entries use {@link #DEFAULT_POINTS}
   * @return {@code (B, 3, 224, 224)}
   */
  public static NDArray crop(NDArray images, double[][][] points) {
    Shape s = images.getShape();
    int b = (int) s.get(0);
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    NDList out = new NDList();
    for (int i = 0; i < b; i++) {
      double[][] p = points == null || points[i] == null ? scaled(DEFAULT_POINTS, w, h) : points[i];
      double[] inverse = invert(similarity(p, TEMPLATE));
      NDArray image = images.get(i).reshape(3, (long) h * w);
      out.add(sample(image, inverse, h, w));
    }
    return NDArrays.stack(out).clip(-1f, 1f);
  }

  private static double[][] scaled(double[][] fractions, int w, int h) {
    double[][] p = new double[3][2];
    for (int i = 0; i < 3; i++) {
      p[i][0] = fractions[i][0] * w;
      p[i][1] = fractions[i][1] * h;
    }
    return p;
  }

  /**
   * Least-squares similarity (no reflection) src → dst as {a, b, tx, ty}: x' = a·x − b·y + tx, y' =
   * b·x + a·y + ty. Also the worker's expression score uses it, to compare landmark shapes.
   */
  public static double[] similarity(double[][] src, double[][] dst) {
    double sx = 0;
    double sy = 0;
    double dx = 0;
    double dy = 0;
    int n = src.length;
    for (int i = 0; i < n; i++) {
      sx += src[i][0] / n;
      sy += src[i][1] / n;
      dx += dst[i][0] / n;
      dy += dst[i][1] / n;
    }
    double num1 = 0;
    double num2 = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      double x = src[i][0] - sx;
      double y = src[i][1] - sy;
      double u = dst[i][0] - dx;
      double v = dst[i][1] - dy;
      num1 += x * u + y * v;
      num2 += x * v - y * u;
      den += x * x + y * y;
    }
    double a = num1 / den;
    double bb = num2 / den;
    return new double[] {a, bb, dx - (a * sx - bb * sy), dy - (bb * sx + a * sy)};
  }

  /** Inverse of a similarity {a, b, tx, ty}. */
  static double[] invert(double[] m) {
    double a = m[0];
    double b = m[1];
    double det = a * a + b * b;
    double ia = a / det;
    double ib = -b / det;
    return new double[] {ia, ib, -(ia * m[2] - ib * m[3]), -(ib * m[2] + ia * m[3])};
  }

  private static NDArray sample(NDArray flatImage, double[] inverse, int h, int w) {
    int pixels = CROP * CROP;
    long[][] idx = new long[4][pixels];
    float[][] wts = new float[4][pixels];
    for (int oy = 0; oy < CROP; oy++) {
      for (int ox = 0; ox < CROP; ox++) {
        // Output pixel → pixel of the 192×192 crop (align_corners=False) → 224-px warp.
        double wx = 16 + (ox + 0.5) * 192.0 / CROP - 0.5;
        double wy = (oy + 0.5) * 192.0 / CROP - 0.5;
        double x = inverse[0] * wx - inverse[1] * wy + inverse[2];
        double y = inverse[1] * wx + inverse[0] * wy + inverse[3];
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        int o = oy * CROP + ox;
        corner(idx, wts, 0, o, x0, y0, (1 - fx) * (1 - fy), w, h);
        corner(idx, wts, 1, o, x0 + 1, y0, fx * (1 - fy), w, h);
        corner(idx, wts, 2, o, x0, y0 + 1, (1 - fx) * fy, w, h);
        corner(idx, wts, 3, o, x0 + 1, y0 + 1, fx * fy, w, h);
      }
    }
    NDManager m = flatImage.getManager();
    NDArray result = null;
    for (int k = 0; k < 4; k++) {
      NDArray index = m.create(idx[k]).toDevice(flatImage.getDevice(), false);
      NDArray weight = m.create(wts[k]).toDevice(flatImage.getDevice(), false);
      NDArray part = flatImage.gather(index.reshape(1, pixels).repeat(0, 3), 1).mul(weight);
      result = result == null ? part : result.add(part);
    }
    return result.reshape(3, CROP, CROP);
  }

  private static void corner(
      long[][] idx, float[][] wts, int k, int o, int x, int y, double weight, int w, int h) {
    if (x < 0 || y < 0 || x >= w || y >= h) {
      return;
    }
    idx[k][o] = (long) y * w + x;
    wts[k][o] = (float) weight;
  }
}
