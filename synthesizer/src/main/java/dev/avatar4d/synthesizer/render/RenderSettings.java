package dev.avatar4d.synthesizer.render;

/**
 * How a triplane volume is rendered.
 *
 * @param resolution output image side R (the image is R×R rays)
 * @param stratifiedSamples coarse samples per ray (official: 48); at least 4, because importance
 *     sampling drops the two outermost of the S−1 interval weights
 * @param importanceSamples fine samples per ray drawn from the coarse weights (official: 48); 0
 *     disables the fine pass
 * @param boxWarp side length of the triplane cube centred on the origin (official: 1.3)
 */
public record RenderSettings(
    int resolution, int stratifiedSamples, int importanceSamples, float boxWarp) {

  /** Official Portrait4D-v2 box side. */
  public static final float DEFAULT_BOX_WARP = 1.3f;

  /** Validates the settings. */
  public RenderSettings {
    if (resolution < 1) {
      throw new IllegalArgumentException("resolution must be >= 1, got " + resolution);
    }
    if (stratifiedSamples < 4) {
      throw new IllegalArgumentException(
          "stratifiedSamples must be >= 4, got " + stratifiedSamples);
    }
    if (importanceSamples < 0) {
      throw new IllegalArgumentException(
          "importanceSamples must be >= 0, got " + importanceSamples);
    }
    if (!(boxWarp > 0f) || !Float.isFinite(boxWarp)) {
      throw new IllegalArgumentException("boxWarp must be positive, got " + boxWarp);
    }
  }

  /** The official inference settings: 128² rays, 48 + 48 samples, box 1.3. */
  public static RenderSettings official() {
    return new RenderSettings(128, 48, 48, DEFAULT_BOX_WARP);
  }

  /** Total samples per ray after merging the coarse and fine passes. */
  public int samplesPerRay() {
    return stratifiedSamples + importanceSamples;
  }
}
