package dev.avatar4d.faces;

import dev.avatar4d.faces.align.CropGeometry;
import dev.avatar4d.faces.detect.Detection;
import dev.avatar4d.faces.landmark.Landmarks68;
import dev.avatar4d.faces.pose.HeadPose;

/**
 * What was measured of one face in one image.
 *
 * @param detection the detector's box and score
 * @param landmarks the 68 landmarks, in image pixels
 * @param pose the head pose from the landmarks' POS fit
 * @param crop the paper's crop of this face, before any smoothing
 * @param followed true when the detector missed this face and it was found by following a
 *     neighbouring frame's face ({@link FaceAnalyzer#follow}); its detection is then that frame's
 *     box moved with the landmarks, with score 0
 */
public record FaceObservation(
    Detection detection,
    Landmarks68 landmarks,
    HeadPose pose,
    CropGeometry crop,
    boolean followed) {}
