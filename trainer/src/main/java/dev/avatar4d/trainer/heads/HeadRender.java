package dev.avatar4d.trainer.heads;

import java.awt.image.BufferedImage;

/**
 * Ground truth for one head seen from one camera, each as row-major planes of side {@code
 * resolution}.
 *
 * @param resolution image side R
 * @param rgb 3·R·R values in [0, 1], channel-major (R plane, G plane, B plane); the head composited
 *     over its backdrop
 * @param mask R·R values in [0, 1]: the fraction of the pixel covered by the head
 * @param depth R·R ray distances t (not z-depth), as the synthesizer renders them: the head's
 *     distance where it covers the pixel, the far end of the camera's sampling range elsewhere
 */
public record HeadRender(int resolution, float[] rgb, float[] mask, float[] depth) {

  /** Checks the plane sizes. */
  public HeadRender {
    int n = resolution * resolution;
    if (resolution < 1 || rgb.length != 3 * n || mask.length != n || depth.length != n) {
      throw new IllegalArgumentException("planes do not match resolution " + resolution);
    }
  }

  /** The RGB image, 8 bits per channel. */
  public BufferedImage toImage() {
    int n = resolution * resolution;
    BufferedImage image = new BufferedImage(resolution, resolution, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < n; i++) {
      image.setRGB(i % resolution, i / resolution, pack(rgb[i], rgb[n + i], rgb[2 * n + i]));
    }
    return image;
  }

  /** The mask as grey levels. */
  public BufferedImage maskImage() {
    BufferedImage image = new BufferedImage(resolution, resolution, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < mask.length; i++) {
      image.setRGB(i % resolution, i / resolution, pack(mask[i], mask[i], mask[i]));
    }
    return image;
  }

  /** Depth as grey levels, near bright, between {@code near} and {@code far}. */
  public BufferedImage depthImage(float near, float far) {
    BufferedImage image = new BufferedImage(resolution, resolution, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < depth.length; i++) {
      float v = Math.max(0, Math.min(1, (far - depth[i]) / (far - near)));
      image.setRGB(i % resolution, i / resolution, pack(v, v, v));
    }
    return image;
  }

  private static int pack(float r, float g, float b) {
    return (channel(r) << 16) | (channel(g) << 8) | channel(b);
  }

  private static int channel(float v) {
    return Math.round(Math.max(0, Math.min(1, v)) * 255);
  }
}
