package dev.avatar4d.faces.pose;

import dev.avatar4d.faces.align.PosFit;

/**
 * The head's rotation as the camera sees it, in degrees, in the camera frame of OpenGL (x right, y
 * up, z towards the viewer): {@code R = Rz(roll) · Ry(yaw) · Rx(pitch)} takes the frontal template
 * head to the observed one.
 *
 * <p>Signs, as a user sees the picture: yaw &gt; 0 turns the nose towards the image's right, pitch
 * &gt; 0 tips the nose down, roll &gt; 0 turns the face counter-clockwise. A camera that orbits a
 * frontal head by yaw θ sees it at head yaw −θ.
 *
 * @param yawDeg rotation about the camera's up axis
 * @param pitchDeg rotation about the camera's right axis
 * @param rollDeg rotation about the viewing axis
 */
public record HeadPose(double yawDeg, double pitchDeg, double rollDeg) {

  /** A head facing the camera. */
  public static final HeadPose FRONTAL = new HeadPose(0, 0, 0);

  /**
   * The rotation of a POS fit made with y up: its two rows normalised, the third their cross
   * product, read as Euler angles (so the result is a true rotation even when the affine rows are
   * not quite orthogonal).
   */
  public static HeadPose of(PosFit fit) {
    double[] r1 = unit(fit.r1());
    double[] r2 = unit(fit.r2());
    double[] r3 = {
      r1[1] * r2[2] - r1[2] * r2[1], r1[2] * r2[0] - r1[0] * r2[2], r1[0] * r2[1] - r1[1] * r2[0]
    };
    double yaw = Math.asin(Math.max(-1, Math.min(1, -r3[0])));
    double pitch = Math.atan2(r3[1], r3[2]);
    double roll = Math.atan2(r2[0], r1[0]);
    return new HeadPose(Math.toDegrees(yaw), Math.toDegrees(pitch), Math.toDegrees(roll));
  }

  /** The head a fraction {@code w} of the way from {@code a} to {@code b}, angle by angle. */
  public static HeadPose lerp(HeadPose a, HeadPose b, double w) {
    return new HeadPose(
        a.yawDeg + (b.yawDeg - a.yawDeg) * w,
        a.pitchDeg + (b.pitchDeg - a.pitchDeg) * w,
        a.rollDeg + (b.rollDeg - a.rollDeg) * w);
  }

  /** {@code R} as a row-major 3×3 matrix. */
  public double[] rotation() {
    double y = Math.toRadians(yawDeg);
    double p = Math.toRadians(pitchDeg);
    double r = Math.toRadians(rollDeg);
    double cy = Math.cos(y);
    double sy = Math.sin(y);
    double cp = Math.cos(p);
    double sp = Math.sin(p);
    double cr = Math.cos(r);
    double sr = Math.sin(r);
    return new double[] {
      cr * cy,
      cr * sy * sp - sr * cp,
      cr * sy * cp + sr * sp,
      sr * cy,
      sr * sy * sp + cr * cp,
      sr * sy * cp - cr * sp,
      -sy,
      cy * sp,
      cy * cp
    };
  }

  /** The largest of |yaw| and |pitch|: how far the face is turned from the camera. */
  public double turnDeg() {
    return Math.max(Math.abs(yawDeg), Math.abs(pitchDeg));
  }

  private static double[] unit(double[] v) {
    double n = PosFit.norm(v);
    return new double[] {v[0] / n, v[1] / n, v[2] / n};
  }
}
