package dev.avatar4d.faces.align;

import dev.avatar4d.faces.geom.Point;

/**
 * The two numbers the paper's crop is made of, before rounding to pixels: the factor the whole
 * image is resized by, and the face centre the crop window is placed on. Kept apart from {@link
 * CropTransform} so that a video's crops can be smoothed and interpolated in these continuous
 * values (the official tools filter exactly these).
 *
 * @param scale factor the source image is resized by ({@code rescaleFactor / POS scale})
 * @param centre the POS translation in source pixels, y down
 */
public record CropGeometry(double scale, Point centre) {

  /** Checks the scale. */
  public CropGeometry {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("crop scale must be positive and finite: " + scale);
    }
  }

  /** The geometry a fraction {@code w} of the way from {@code a} to {@code b}. */
  public static CropGeometry lerp(CropGeometry a, CropGeometry b, double w) {
    return new CropGeometry(
        a.scale + (b.scale - a.scale) * w,
        new Point(
            a.centre.x() + (b.centre.x() - a.centre.x()) * w,
            a.centre.y() + (b.centre.y() - a.centre.y()) * w));
  }

  /**
   * The pixel window of a {@code size}² crop in a {@code width × height} image, rounded as the
   * official code rounds: the image resized to {@code ⌊W·s⌋ × ⌊H·s⌋} and the window's corner
   * floored.
   */
  public CropTransform window(int width, int height, int size) {
    int w = (int) Math.floor(width * scale);
    int h = (int) Math.floor(height * scale);
    int left = (int) Math.floor(w / 2.0 - size / 2.0 + (centre.x() - width / 2.0) * scale);
    // The official fit runs with y up (y' = H - 1 - y), so its (H/2 - t_y) term is taken in that
    // frame; the one-pixel shift it implies is kept so that crops match the official ones.
    double tyUp = height - 1 - centre.y();
    int top = (int) Math.floor(h / 2.0 - size / 2.0 + (height / 2.0 - tyUp) * scale);
    return new CropTransform((double) w / width, (double) h / height, left, top, size);
  }
}
