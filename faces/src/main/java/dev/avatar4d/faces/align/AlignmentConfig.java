package dev.avatar4d.faces.align;

/**
 * Settings of the paper's crop.
 *
 * @param size crop side in pixels (the paper: 512)
 * @param rescaleFactor template units to crop pixels at {@code size = 512} (the paper: 180; it
 *     scales with {@code size})
 */
public record AlignmentConfig(int size, double rescaleFactor) {

  /** Portrait4D-v2's crop: 512², rescale factor 180. */
  public static final AlignmentConfig PORTRAIT4D = new AlignmentConfig(512, 180);

  /** Validates the settings. */
  public AlignmentConfig {
    if (size < 16 || size > 4096) {
      throw new IllegalArgumentException("size must be in [16, 4096]: " + size);
    }
    if (!(rescaleFactor > 0)) {
      throw new IllegalArgumentException("rescaleFactor must be positive: " + rescaleFactor);
    }
  }

  /** Template-to-pixel factor at this size. */
  double factorAtSize() {
    return rescaleFactor * size / 512.0;
  }
}
