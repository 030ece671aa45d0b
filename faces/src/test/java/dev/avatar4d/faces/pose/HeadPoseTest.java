package dev.avatar4d.faces.pose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.avatar4d.faces.align.PosFit;
import dev.avatar4d.faces.geom.Point;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadPoseTest {

  /** A head-sized point cloud, x right, y up, z towards the camera. */
  private static final double[][] HEAD = {
    {-0.3, 0.2, 0.5},
    {0.3, 0.2, 0.5},
    {0, -0.15, 0.95},
    {-0.25, -0.48, 0.62},
    {0.25, -0.48, 0.62},
    {0, 0.6, 0.3},
    {-0.6, 0, 0},
    {0.6, 0, 0}
  };

  @Test
  void aPosFitOfARotatedHeadGivesBackItsAngles() {
    HeadPose truth = new HeadPose(25, -12, 8);
    double[] r = truth.rotation();
    List<Point> image = new ArrayList<>();
    for (double[] p : HEAD) {
      // Weak perspective: scale 150, shifted to (300, 200), as the POS camera models it.
      double x = r[0] * p[0] + r[1] * p[1] + r[2] * p[2];
      double y = r[3] * p[0] + r[4] * p[1] + r[5] * p[2];
      image.add(new Point(300 + 150 * x, 200 + 150 * y));
    }
    PosFit fit = PosFit.fit(image, HEAD);
    HeadPose pose = HeadPose.of(fit);
    assertEquals(25, pose.yawDeg(), 1e-6);
    assertEquals(-12, pose.pitchDeg(), 1e-6);
    assertEquals(8, pose.rollDeg(), 1e-6);
    assertEquals(150, fit.scale(), 1e-6);
  }

  @Test
  void positiveYawTurnsTheNoseTowardsTheImageRight() {
    double[] r = new HeadPose(30, 0, 0).rotation();
    // The nose direction (0, 0, 1) after rotation.
    assertEquals(Math.sin(Math.toRadians(30)), r[2], 1e-12);
    assertEquals(0, r[5], 1e-12);
  }

  @Test
  void halfWayBetweenTwoPosesIsTheMeanOfTheirAngles() {
    HeadPose mid = HeadPose.lerp(new HeadPose(10, 0, -4), new HeadPose(30, 8, 4), 0.5);
    assertEquals(new HeadPose(20, 4, 0), mid);
    assertEquals(20, mid.turnDeg(), 1e-12);
  }
}
