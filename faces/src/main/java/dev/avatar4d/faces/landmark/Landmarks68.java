package dev.avatar4d.faces.landmark;

import dev.avatar4d.faces.geom.Point;
import java.util.List;

/**
 * The 68 iBUG/dlib face landmarks in image pixels, 0-based: jaw 0–16, brows 17–26, nose 27–35, eyes
 * 36–41 and 42–47, outer lips 48–59, inner lips 60–67. "Left" and "right" name the image sides
 * (points 36–41 are the eye on the image's left, the subject's right eye).
 */
public record Landmarks68(List<Point> points) {

  /** Checks there are 68 points. */
  public Landmarks68 {
    points = List.copyOf(points);
    if (points.size() != 68) {
      throw new IllegalArgumentException("expected 68 landmarks, got " + points.size());
    }
  }

  /** Point {@code i}, 0-based. */
  public Point get(int i) {
    return points.get(i);
  }

  /** The mean of points {@code from} to {@code to}, inclusive. */
  public Point mean(int from, int to) {
    return Point.mean(points.subList(from, to + 1));
  }

  /**
   * The image-left eye's centre as the paper's crop takes it: the mean of its corners 36 and 39.
   */
  public Point leftEyeCorners() {
    return Point.mean(List.of(get(36), get(39)));
  }

  /** The image-right eye's centre from its corners 42 and 45. */
  public Point rightEyeCorners() {
    return Point.mean(List.of(get(42), get(45)));
  }

  /** The nose tip (point 30). */
  public Point noseTip() {
    return get(30);
  }

  /** The image-left mouth corner (point 48). */
  public Point mouthLeft() {
    return get(48);
  }

  /** The image-right mouth corner (point 54). */
  public Point mouthRight() {
    return get(54);
  }

  /** The centre of the inner lip contour (points 60–67). */
  public Point innerMouthCentre() {
    return mean(60, 67);
  }

  /**
   * The paper's five alignment points: left-eye centre, right-eye centre, nose tip, left and right
   * mouth corners (official {@code crop_images_portrait_model.py}).
   */
  public List<Point> fivePoints() {
    return List.of(leftEyeCorners(), rightEyeCorners(), noseTip(), mouthLeft(), mouthRight());
  }
}
