package dev.avatar4d.gateway.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small real images, encoded by ImageIO, for submissions. */
public final class Images {
  private Images() {}

  /** A 32×32 PNG whose colour depends on {@code seed}. */
  public static byte[] png(int seed) {
    return encode(seed, "png");
  }

  /** A 32×32 JPEG whose colour depends on {@code seed}. */
  public static byte[] jpeg(int seed) {
    return encode(seed, "jpg");
  }

  /** The first bytes of a PNG followed by garbage: passes the magic check, fails decoding. */
  public static byte[] truncatedPng() {
    byte[] full = png(1);
    byte[] cut = new byte[24];
    System.arraycopy(full, 0, cut, 0, cut.length);
    return cut;
  }

  private static byte[] encode(int seed, String format) {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color((seed * 97) & 0xff, (seed * 57) & 0xff, (seed * 31) & 0xff));
    g.fillRect(0, 0, 32, 32);
    g.dispose();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
