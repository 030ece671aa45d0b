package dev.avatar4d.faces;

import dev.avatar4d.faces.align.AlignmentConfig;
import dev.avatar4d.faces.detect.DetectorConfig;

/**
 * Settings of the face front end.
 *
 * @param detector the tiny face detector's input size and thresholds
 * @param alignment the paper's crop
 */
public record FaceAnalyzerConfig(DetectorConfig detector, AlignmentConfig alignment) {

  /** face-api's detector defaults and Portrait4D's 512² crop. */
  public static final FaceAnalyzerConfig DEFAULT =
      new FaceAnalyzerConfig(DetectorConfig.DEFAULT, AlignmentConfig.PORTRAIT4D);

  /** Checks that both parts are given. */
  public FaceAnalyzerConfig {
    if (detector == null || alignment == null) {
      throw new IllegalArgumentException("detector and alignment settings are required");
    }
  }
}
