package dev.avatar4d.faces.detect;

import dev.avatar4d.faces.geom.Box;

/**
 * A face found by the detector.
 *
 * @param box the face box in image pixels (may reach past the image edges)
 * @param score the detector's objectness, in (0, 1)
 */
public record Detection(Box box, double score) {}
