package dev.avatar4d.faces.align;

import dev.avatar4d.faces.geom.Point;

/**
 * Where an aligned crop sits in its source image: the source is scaled by {@code (scaleX, scaleY)}
 * (pixel centres kept, as an image resize does) and the crop's top-left pixel is pixel {@code
 * (left, top)} of the scaled image. No rotation: the paper's crop keeps the head's roll.
 *
 * @param scaleX scaled width over source width
 * @param scaleY scaled height over source height
 * @param left crop origin in the scaled image, x
 * @param top crop origin in the scaled image, y
 * @param size crop side in pixels
 */
public record CropTransform(double scaleX, double scaleY, int left, int top, int size) {

  /** A source-image point in crop pixels. */
  public Point toCrop(Point p) {
    return new Point((p.x() + 0.5) * scaleX - 0.5 - left, (p.y() + 0.5) * scaleY - 0.5 - top);
  }

  /** A crop point in source-image pixels. */
  public Point toSource(Point c) {
    return new Point((c.x() + left + 0.5) / scaleX - 0.5, (c.y() + top + 0.5) / scaleY - 0.5);
  }
}
