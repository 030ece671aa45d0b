package dev.avatar4d.faces.align;

import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.image.RgbImage;
import java.util.List;

/**
 * A face cut out as the paper's network expects it.
 *
 * @param crop the {@code size × size} crop
 * @param transform where the crop lies in the source image
 * @param landmarks the 68 landmarks in crop pixels
 * @param motionPoints the motion encoder's three points in crop pixels: image-left eye centre,
 *     image-right eye centre, inner mouth centre
 */
public record AlignedFace(
    RgbImage crop, CropTransform transform, List<Point> landmarks, List<Point> motionPoints) {

  /** Copies the lists. */
  public AlignedFace {
    landmarks = List.copyOf(landmarks);
    motionPoints = List.copyOf(motionPoints);
  }
}
