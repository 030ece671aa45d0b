package dev.avatar4d.synthesizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Conversions between AWT images and {@code (1, 3, H, W)} tensors in [-1, 1]. */
final class Images {

  private Images() {}

  /** Resizes {@code image} to size² (bilinear) and scales RGB to [-1, 1] (x/127.5 − 1). */
  static NDArray toTensor(NDManager manager, BufferedImage image, int size) {
    BufferedImage resized = resize(image, size);
    int[] argb = resized.getRGB(0, 0, size, size, null, 0, size);
    int plane = size * size;
    float[] chw = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      chw[i] = ((p >> 16) & 0xff) / 127.5f - 1f;
      chw[plane + i] = ((p >> 8) & 0xff) / 127.5f - 1f;
      chw[2 * plane + i] = (p & 0xff) / 127.5f - 1f;
    }
    return manager.create(chw, new Shape(1, 3, size, size));
  }

  private static BufferedImage resize(BufferedImage image, int size) {
    if (image.getWidth() == size
        && image.getHeight() == size
        && image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Converts {@code (3, H, W)} values in about [-1, 1] to an RGB image (clamped). */
  static BufferedImage toImage(float[] chw, int h, int w) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int plane = h * w;
    int[] rgb = new int[plane];
    for (int i = 0; i < plane; i++) {
      rgb[i] =
          (channel(chw[i]) << 16) | (channel(chw[plane + i]) << 8) | channel(chw[2 * plane + i]);
    }
    out.setRGB(0, 0, w, h, rgb, 0, w);
    return out;
  }

  private static int channel(float v) {
    float scaled = (v + 1f) * 127.5f;
    return Math.max(0, Math.min(255, Math.round(scaled)));
  }
}
