package dev.avatar4d.protocol;

import java.util.List;

/**
 * What the worker's face front end found in one input image.
 *
 * @param frame the driving frame's index; {@code null} for the source
 * @param found whether a face was found, by the detector or by following (a driving frame without
 *     one takes its neighbours' crop and pose)
 * @param followed true when the detector missed the face and it was found by following a
 *     neighbouring frame's landmarks
 * @param facesFound how many faces the detector found (the largest is used)
 * @param box the used face's box in input pixels {@code [x, y, width, height]}; null if not found
 * @param score the detector's confidence in that face, in (0, 1); null if not found or followed
 *     (the landmark network reports no confidence of its own)
 * @param yawDeg head yaw, degrees, positive with the nose towards the image's right
 * @param pitchDeg head pitch, degrees, positive with the nose down
 * @param rollDeg head roll, degrees, positive counter-clockwise
 * @param cropLandmarks the 68 landmarks in pixels of the stored crop, {@code [x, y]} each; empty if
 *     not found
 */
public record FaceFrame(
    Integer frame,
    boolean found,
    boolean followed,
    int facesFound,
    double[] box,
    Double score,
    double yawDeg,
    double pitchDeg,
    double rollDeg,
    List<double[]> cropLandmarks) {

  /** Copies the list. */
  public FaceFrame {
    cropLandmarks = cropLandmarks == null ? List.of() : List.copyOf(cropLandmarks);
  }
}
