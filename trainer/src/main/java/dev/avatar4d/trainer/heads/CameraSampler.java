package dev.avatar4d.trainer.heads;

import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import java.util.SplittableRandom;

/**
 * Draws training cameras from Portrait4D's target-camera ranges (portrait4d-v2.md §4.3): yaw
 * U[−0.78, 0.78] rad, elevation U[−0.25, 0.65] rad above the horizon, roll U[−0.25, 0.25] rad,
 * radius U[3.65, 4.45], looking at a pivot jittered by ±0.01 around (0, 0, 0.03), with the official
 * focal length. {@link #narrow()} halves every angle for monocular clips, whose camera sits roughly
 * in front of the subject.
 */
public record CameraSampler(
    double maxYaw,
    double minElevation,
    double maxElevation,
    double maxRoll,
    double minRadius,
    double maxRadius) {

  /** The paper's ranges. */
  public static CameraSampler paper() {
    return new CameraSampler(0.78, -0.25, 0.65, 0.25, 3.65, 4.45);
  }

  /** Half the paper's angles: a handheld camera in front of the subject. */
  public static CameraSampler narrow() {
    return new CameraSampler(0.39, -0.12, 0.32, 0.12, 3.9, 4.3);
  }

  /**
   * The cameras the service renders: {@link Cameras#orbit} views (the API's {@code ViewSpec}) with
   * yaw uniform in ±45°, pitch in ±20°, the default radius and the true 12° field of view.
   */
  public static Camera service(SplittableRandom rng) {
    return Cameras.orbit(
        (float) uniform(rng, -SERVICE_YAW_DEG, SERVICE_YAW_DEG),
        (float) uniform(rng, -SERVICE_PITCH_DEG, SERVICE_PITCH_DEG),
        Cameras.DEFAULT_RADIUS,
        Cameras.DEFAULT_FOV_DEG);
  }

  /** Half-range of {@link #service} yaw, the span of the API's {@code orbit:N} views. */
  public static final double SERVICE_YAW_DEG = 45;

  /** Half-range of {@link #service} pitch. */
  public static final double SERVICE_PITCH_DEG = 20;

  public Camera sample(SplittableRandom rng) {
    return camera(
        uniform(rng, -maxYaw, maxYaw),
        uniform(rng, minElevation, maxElevation),
        uniform(rng, -maxRoll, maxRoll),
        uniform(rng, minRadius, maxRadius),
        new double[] {
          uniform(rng, -0.01, 0.01), uniform(rng, -0.01, 0.01), 0.03 + uniform(rng, -0.01, 0.01)
        });
  }

  /**
   * A camera on a sphere around {@code pivot}; yaw towards +x, elevation up, roll about the view
   * axis.
   */
  public static Camera camera(
      double yaw, double elevation, double roll, double radius, double[] pivot) {
    float[] eye = {
      (float) (pivot[0] + radius * Math.cos(elevation) * Math.sin(yaw)),
      (float) (pivot[1] + radius * Math.sin(elevation)),
      (float) (pivot[2] + radius * Math.cos(elevation) * Math.cos(yaw))
    };
    double[] back = {eye[0] - pivot[0], eye[1] - pivot[1], eye[2] - pivot[2]};
    double len = Math.sqrt(back[0] * back[0] + back[1] * back[1] + back[2] * back[2]);
    double[] axis = {back[0] / len, back[1] / len, back[2] / len};
    float[] up = toFloat(rotateAbout(new double[] {0, 1, 0}, axis, roll));
    float[] target = {(float) pivot[0], (float) pivot[1], (float) pivot[2]};
    return Cameras.lookAt(eye, target, up);
  }

  /** Rodrigues' rotation of {@code v} about unit {@code axis}. */
  private static double[] rotateAbout(double[] v, double[] axis, double angle) {
    double c = Math.cos(angle), s = Math.sin(angle);
    double dot = v[0] * axis[0] + v[1] * axis[1] + v[2] * axis[2];
    double[] cross = {
      axis[1] * v[2] - axis[2] * v[1],
      axis[2] * v[0] - axis[0] * v[2],
      axis[0] * v[1] - axis[1] * v[0]
    };
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      out[i] = v[i] * c + cross[i] * s + axis[i] * dot * (1 - c);
    }
    return out;
  }

  private static float[] toFloat(double[] v) {
    return new float[] {(float) v[0], (float) v[1], (float) v[2]};
  }

  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
