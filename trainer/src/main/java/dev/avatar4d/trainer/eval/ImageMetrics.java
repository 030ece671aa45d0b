package dev.avatar4d.trainer.eval;

/**
 * Image-quality measures over images stored as in {@link dev.avatar4d.trainer.heads.HeadRender}:
 * channel-major float arrays (C planes of side × side, row-major) with values in [0, 1].
 */
public final class ImageMetrics {
  private static final int WINDOW = 11;
  private static final double SIGMA = 1.5;
  private static final double C1 = 0.01 * 0.01;
  private static final double C2 = 0.03 * 0.03;
  private static final double[] KERNEL = gaussian(WINDOW, SIGMA);

  private ImageMetrics() {}

  /** Mean absolute difference over all values. */
  public static double l1(float[] a, float[] b) {
    checkSameLength(a, b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }

  /** Mean squared difference over all values. */
  public static double mse(float[] a, float[] b) {
    checkSameLength(a, b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return sum / a.length;
  }

  /**
   * Peak signal-to-noise ratio in dB for a peak value of 1: 10·log10(1 / MSE).
   *
   * @return {@link Double#POSITIVE_INFINITY} for identical images
   */
  public static double psnr(float[] a, float[] b) {
    double mse = mse(a, b);
    return mse == 0 ? Double.POSITIVE_INFINITY : -10 * Math.log10(mse);
  }

  /**
   * Structural similarity as defined by Wang et al. (2004): an 11×11 Gaussian window with σ = 1.5,
   * C1 = 0.01², C2 = 0.03² (data range 1), evaluated only where the window fits inside the image
   * ("valid"), averaged over those positions and then over channels.
   *
   * @param channels number of planes C
   * @param size side of each plane; at least 11
   * @return 1 for identical images, lower for less similar ones (can be negative)
   */
  public static double ssim(float[] a, float[] b, int channels, int size) {
    checkSameLength(a, b);
    if (size < WINDOW) {
      throw new IllegalArgumentException(
          "SSIM needs images of at least " + WINDOW + " pixels, got " + size);
    }
    if (channels < 1 || a.length != channels * size * size) {
      throw new IllegalArgumentException(
          a.length + " values are not " + channels + " planes of " + size + "×" + size);
    }
    int plane = size * size;
    double total = 0;
    for (int c = 0; c < channels; c++) {
      total += planeSsim(a, b, c * plane, size);
    }
    return total / channels;
  }

  private static double planeSsim(float[] a, float[] b, int offset, int size) {
    double[] x = new double[size * size];
    double[] y = new double[size * size];
    double[] xx = new double[size * size];
    double[] yy = new double[size * size];
    double[] xy = new double[size * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = a[offset + i];
      y[i] = b[offset + i];
      xx[i] = x[i] * x[i];
      yy[i] = y[i] * y[i];
      xy[i] = x[i] * y[i];
    }
    int out = size - WINDOW + 1;
    double[] muX = blur(x, size);
    double[] muY = blur(y, size);
    double[] eXX = blur(xx, size);
    double[] eYY = blur(yy, size);
    double[] eXY = blur(xy, size);
    double sum = 0;
    for (int i = 0; i < out * out; i++) {
      double mx = muX[i];
      double my = muY[i];
      double vx = eXX[i] - mx * mx;
      double vy = eYY[i] - my * my;
      double cov = eXY[i] - mx * my;
      sum += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
    }
    return sum / (out * out);
  }

  /** Separable Gaussian filter, keeping only the positions where the window fits (out × out). */
  private static double[] blur(double[] image, int size) {
    int out = size - WINDOW + 1;
    double[] rows = new double[size * out];
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < out; c++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += KERNEL[k] * image[r * size + c + k];
        }
        rows[r * out + c] = s;
      }
    }
    double[] result = new double[out * out];
    for (int r = 0; r < out; r++) {
      for (int c = 0; c < out; c++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += KERNEL[k] * rows[(r + k) * out + c];
        }
        result[r * out + c] = s;
      }
    }
    return result;
  }

  /**
   * Mean |a − b| over the pixels whose mask value exceeds {@code threshold}, e.g. the depth error
   * where the head covers the pixel.
   *
   * @return NaN when no pixel is selected
   */
  public static double maskedMeanAbs(float[] a, float[] b, float[] mask, float threshold) {
    checkSameLength(a, b);
    if (mask.length != a.length) {
      throw new IllegalArgumentException("mask has " + mask.length + " values, images " + a.length);
    }
    double sum = 0;
    int count = 0;
    for (int i = 0; i < a.length; i++) {
      if (mask[i] > threshold) {
        sum += Math.abs(a[i] - b[i]);
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  private static double[] gaussian(int width, double sigma) {
    double[] k = new double[width];
    double sum = 0;
    for (int i = 0; i < width; i++) {
      double d = i - (width - 1) / 2.0;
      k[i] = Math.exp(-d * d / (2 * sigma * sigma));
      sum += k[i];
    }
    for (int i = 0; i < width; i++) {
      k[i] /= sum;
    }
    return k;
  }

  private static void checkSameLength(float[] a, float[] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException(
          "images must be non-empty and of equal length: " + a.length + " vs " + b.length);
    }
  }
}
