package dev.avatar4d.faces.image;

/**
 * The image steps face-api runs before its networks, with TF.js's exact arithmetic: integer crop,
 * zero padding to a square, bilinear resize without half-pixel centres, mean subtraction and
 * division by 255, then the NCHW layout the PyTorch engine wants.
 */
public final class TfImageOps {

  private TfImageOps() {}

  /** The pixels of the rectangle {@code [x, x + w) × [y, y + h)}, which must lie in the image. */
  public static RgbImage crop(RgbImage src, int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > src.width() || y + h > src.height()) {
      throw new IllegalArgumentException(
          "crop "
              + x
              + ","
              + y
              + " "
              + w
              + "x"
              + h
              + " outside "
              + src.width()
              + "x"
              + src.height());
    }
    float[] out = new float[w * h * 3];
    for (int r = 0; r < h; r++) {
      System.arraycopy(src.data(), ((y + r) * src.width() + x) * 3, out, r * w * 3, w * 3);
    }
    return new RgbImage(w, h, out);
  }

  /**
   * Pads the shorter side with zeros to a square. Centred: {@code round(d / 2)} after and the rest
   * before, as face-api's {@code padToSquare(…, true)}; otherwise all of it after (bottom/right).
   */
  public static RgbImage padToSquare(RgbImage src, boolean centred) {
    int w = src.width();
    int h = src.height();
    if (w == h) {
      return src;
    }
    int side = Math.max(w, h);
    int diff = side - Math.min(w, h);
    int before = centred ? diff - (int) Math.round(diff * 0.5) : 0;
    int offX = w < h ? before : 0;
    int offY = h < w ? before : 0;
    float[] out = new float[side * side * 3];
    for (int r = 0; r < h; r++) {
      System.arraycopy(src.data(), r * w * 3, out, ((r + offY) * side + offX) * 3, w * 3);
    }
    return new RgbImage(side, side, out);
  }

  /**
   * TF's {@code resizeBilinear} with {@code alignCorners = false, halfPixelCenters = false}: output
   * pixel {@code i} samples source coordinate {@code i · in / out}.
   */
  public static RgbImage resizeBilinear(RgbImage src, int outW, int outH) {
    if (outW == src.width() && outH == src.height()) {
      return src;
    }
    int inW = src.width();
    int inH = src.height();
    double sy = (double) inH / outH;
    double sx = (double) inW / outW;
    float[] in = src.data();
    float[] out = new float[outW * outH * 3];
    for (int r = 0; r < outH; r++) {
      double fy = sy * r;
      int y0 = (int) Math.floor(fy);
      int y1 = Math.min(inH - 1, (int) Math.ceil(fy));
      double ry = fy - y0;
      for (int c = 0; c < outW; c++) {
        double fx = sx * c;
        int x0 = (int) Math.floor(fx);
        int x1 = Math.min(inW - 1, (int) Math.ceil(fx));
        double rx = fx - x0;
        for (int k = 0; k < 3; k++) {
          double tl = in[(y0 * inW + x0) * 3 + k];
          double tr = in[(y0 * inW + x1) * 3 + k];
          double bl = in[(y1 * inW + x0) * 3 + k];
          double br = in[(y1 * inW + x1) * 3 + k];
          double top = tl + (tr - tl) * rx;
          double bottom = bl + (br - bl) * rx;
          out[(r * outW + c) * 3 + k] = (float) (top + (bottom - top) * ry);
        }
      }
    }
    return new RgbImage(outW, outH, out);
  }

  /** {@code (v − mean[c]) / 255} per channel, laid out as CHW (a batch of one). */
  public static float[] normalisedChw(RgbImage src, float[] meanRgb) {
    int n = src.width() * src.height();
    float[] in = src.data();
    float[] out = new float[n * 3];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        float centred = in[i * 3 + c] - meanRgb[c];
        out[c * n + i] = centred / 255f;
      }
    }
    return out;
  }
}
