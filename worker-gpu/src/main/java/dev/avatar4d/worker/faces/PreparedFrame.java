package dev.avatar4d.worker.faces;

import dev.avatar4d.faces.pose.HeadPose;
import java.awt.image.BufferedImage;

/**
 * One input image ready for the network.
 *
 * @param crop the aligned crop
 * @param motionPoints the motion encoder's three points in crop pixels; null for a driving frame
 *     without a face of its own (the encoder then takes a pre-aligned face's places)
 * @param pose the head pose the frame was given (its own, or interpolated)
 */
public record PreparedFrame(BufferedImage crop, double[][] motionPoints, HeadPose pose) {}
