package dev.avatar4d.faces.geom;

/**
 * An axis-aligned rectangle in image pixels, from {@code (x, y)} (top-left) spanning {@code width ×
 * height}.
 */
public record Box(double x, double y, double width, double height) {

  /** Checks that the box is not inverted. */
  public Box {
    if (!(width >= 0) || !(height >= 0)) {
      throw new IllegalArgumentException("box with negative size: " + width + "x" + height);
    }
  }

  public double right() {
    return x + width;
  }

  public double bottom() {
    return y + height;
  }

  public double area() {
    return width * height;
  }

  public Point centre() {
    return new Point(x + width / 2, y + height / 2);
  }

  /** Intersection over union; 0 for two empty boxes. */
  public double iou(Box o) {
    double iw = Math.max(0, Math.min(right(), o.right()) - Math.max(x, o.x));
    double ih = Math.max(0, Math.min(bottom(), o.bottom()) - Math.max(y, o.y));
    double inter = iw * ih;
    double union = area() + o.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }

  /**
   * The integer pixel rectangle of this box inside a {@code imageWidth × imageHeight} image, as
   * face-api clips before it cuts a face out: start clamped to 0, end to the image, then floored.
   * Width or height may come out 0 for a box outside the image.
   */
  public PixelRect clipToImage(int imageWidth, int imageHeight) {
    double cx = Math.max(x, 0);
    double cy = Math.max(y, 0);
    double cw = Math.min(right() - cx, imageWidth - cx);
    double ch = Math.min(bottom() - cy, imageHeight - cy);
    return new PixelRect(
        (int) Math.floor(cx),
        (int) Math.floor(cy),
        Math.max(0, (int) Math.floor(cw)),
        Math.max(0, (int) Math.floor(ch)));
  }
}
