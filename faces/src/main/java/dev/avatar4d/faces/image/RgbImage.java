package dev.avatar4d.faces.image;

import java.awt.image.BufferedImage;

/**
 * An RGB image as floats in [0, 255], row-major, channels last ({@code (y · width + x) · 3 + c}).
 *
 * <p>The networks' preprocessing works on this form so that it can follow TF.js's arithmetic step
 * by step; the array is owned by the image and is not copied on access.
 */
public final class RgbImage {

  private final int width;
  private final int height;
  private final float[] data;

  /** Wraps {@code data} (not copied) as a {@code width × height} RGB image. */
  public RgbImage(int width, int height, float[] data) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image must be non-empty: " + width + "x" + height);
    }
    if (data.length != width * height * 3) {
      throw new IllegalArgumentException("expected " + width * height * 3 + " values");
    }
    this.width = width;
    this.height = height;
    this.data = data;
  }

  /** The 8-bit RGB channels of {@code image}; alpha is dropped. */
  public static RgbImage of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    float[] out = new float[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      out[i * 3] = (argb[i] >> 16) & 0xff;
      out[i * 3 + 1] = (argb[i] >> 8) & 0xff;
      out[i * 3 + 2] = argb[i] & 0xff;
    }
    return new RgbImage(w, h, out);
  }

  /** An 8-bit RGB {@link BufferedImage}, values rounded and clamped to [0, 255]. */
  public BufferedImage toBufferedImage() {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[width * height];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte8(data[i * 3]) << 16) | (byte8(data[i * 3 + 1]) << 8) | byte8(data[i * 3 + 2]);
    }
    out.setRGB(0, 0, width, height, rgb, 0, width);
    return out;
  }

  private static int byte8(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The backing array (not a copy). */
  public float[] data() {
    return data;
  }

  /** Channel {@code c} at integer pixel {@code (x, y)}. */
  public float get(int x, int y, int c) {
    return data[(y * width + x) * 3 + c];
  }
}
