package dev.avatar4d.faces.detect;

/**
 * Settings of the tiny face detector.
 *
 * @param inputSize side of the square network input; a multiple of 32 (face-api offers 128 to 608;
 *     416 is its default, 320 is faster and misses more small faces)
 * @param scoreThreshold objectness a box must exceed, in (0, 1)
 * @param iouThreshold non-maximum suppression drops a box overlapping a better one by more than
 *     this
 */
public record DetectorConfig(int inputSize, double scoreThreshold, double iouThreshold) {

  /** face-api's defaults: 416, 0.5, 0.4. */
  public static final DetectorConfig DEFAULT = new DetectorConfig(416, 0.5, 0.4);

  /** Validates the settings. */
  public DetectorConfig {
    if (inputSize < 32 || inputSize > 1024 || inputSize % 32 != 0) {
      throw new IllegalArgumentException(
          "inputSize must be a multiple of 32 in [32, 1024]: " + inputSize);
    }
    if (!(scoreThreshold > 0 && scoreThreshold < 1)) {
      throw new IllegalArgumentException("scoreThreshold must be in (0, 1): " + scoreThreshold);
    }
    if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
      throw new IllegalArgumentException("iouThreshold must be in [0, 1]: " + iouThreshold);
    }
  }

  /** This config with another input size. */
  public DetectorConfig withInputSize(int size) {
    return new DetectorConfig(size, scoreThreshold, iouThreshold);
  }

  /** This config with another score threshold. */
  public DetectorConfig withScoreThreshold(double threshold) {
    return new DetectorConfig(inputSize, threshold, iouThreshold);
  }
}
