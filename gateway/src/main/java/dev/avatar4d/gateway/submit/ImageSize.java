package dev.avatar4d.gateway.submit;

/** Width and height in pixels, as an image header declares them. */
record ImageSize(int width, int height) {
  /** Pixel count, without int overflow. */
  long pixels() {
    return (long) width * height;
  }

  @Override
  public String toString() {
    return width + "×" + height;
  }
}
