package dev.avatar4d.trainer.heads;

/**
 * The head's rotation about the neck pivot, in radians; applied roll, then pitch, then yaw.
 *
 * @param yaw turn about +y; positive turns the face towards +x
 * @param pitch nod about +x; positive tilts the face up
 * @param roll tilt about +z; positive tilts the top of the head towards −x
 */
public record HeadPose(double yaw, double pitch, double roll) {

  /** Facing the front camera. */
  public static final HeadPose FRONT = new HeadPose(0, 0, 0);

  /** Validates the range (a head does not turn past a quarter turn). */
  public HeadPose {
    for (double v : new double[] {yaw, pitch, roll}) {
      if (!(Math.abs(v) <= Math.PI / 2)) {
        throw new IllegalArgumentException("pose angles must lie in [-pi/2, pi/2], got " + v);
      }
    }
  }

  /** yaw, pitch, roll. */
  public double[] toArray() {
    return new double[] {yaw, pitch, roll};
  }

  /** {@code (1 − t)·this + t·other}. */
  public HeadPose lerp(HeadPose other, double t) {
    return new HeadPose(
        yaw + (other.yaw - yaw) * t,
        pitch + (other.pitch - pitch) * t,
        roll + (other.roll - roll) * t);
  }
}
