package dev.avatar4d.faces.geom;

/** An integer rectangle of pixels, {@code [x, x + width) × [y, y + height)}. */
public record PixelRect(int x, int y, int width, int height) {

  /** True when it holds no pixel. */
  public boolean isEmpty() {
    return width <= 0 || height <= 0;
  }
}
