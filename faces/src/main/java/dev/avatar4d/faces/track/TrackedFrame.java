package dev.avatar4d.faces.track;

import dev.avatar4d.faces.align.CropGeometry;
import dev.avatar4d.faces.landmark.Landmarks68;
import dev.avatar4d.faces.pose.HeadPose;

/**
 * One driving frame after tracking.
 *
 * @param crop the smoothed crop geometry
 * @param pose the head pose (interpolated for a frame without a face)
 * @param landmarks the frame's own landmarks; {@code null} when it had no face
 * @param interpolated true when no face was found and the neighbours' values were used
 */
public record TrackedFrame(
    CropGeometry crop, HeadPose pose, Landmarks68 landmarks, boolean interpolated) {}
