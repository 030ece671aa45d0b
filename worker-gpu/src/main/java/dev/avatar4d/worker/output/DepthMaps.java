package dev.avatar4d.worker.output;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * Depth maps as 16-bit grayscale PNGs. A pixel value v stands for the ray distance {@code near + v
 * / 65535 · (far − near)}; the manifest records near and far per view. Depth is rendered at the
 * network's render resolution and upsampled bilinearly to the output size.
 */
public final class DepthMaps {
  private DepthMaps() {}

  /**
   * Encodes a square depth map of side {@code side} (row-major ray distances) at {@code size}².
   * Values outside [near, far] are clamped.
   */
  public static BufferedImage toImage(float[] depth, int side, int size, float near, float far) {
    if (depth.length != side * side) {
      throw new IllegalArgumentException(
          "depth has " + depth.length + " values, expected " + side * side);
    }
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = image.getRaster();
    float scale = (float) side / size;
    for (int y = 0; y < size; y++) {
      // Pixel centres map as with align_corners=false, so both grids cover the same area.
      float sy = clamp((y + 0.5f) * scale - 0.5f, 0, side - 1);
      int y0 = (int) sy;
      int y1 = Math.min(y0 + 1, side - 1);
      float fy = sy - y0;
      for (int x = 0; x < size; x++) {
        float sx = clamp((x + 0.5f) * scale - 0.5f, 0, side - 1);
        int x0 = (int) sx;
        int x1 = Math.min(x0 + 1, side - 1);
        float fx = sx - x0;
        float top = depth[y0 * side + x0] * (1 - fx) + depth[y0 * side + x1] * fx;
        float bottom = depth[y1 * side + x0] * (1 - fx) + depth[y1 * side + x1] * fx;
        float d = top * (1 - fy) + bottom * fy;
        float unit = clamp((d - near) / (far - near), 0, 1);
        raster.setSample(x, y, 0, Math.round(unit * 65535));
      }
    }
    return image;
  }

  private static float clamp(float v, float lo, float hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
