package dev.avatar4d.synthesizer.camera;

import java.util.ArrayList;
import java.util.List;

/**
 * Factories for render cameras in the official convention (OpenGL axes, camera looks down −z, world
 * origin at the head centre, FLAME ×3 scale).
 *
 * <p>Orbits use yaw about the world y axis and pitch about the camera's x axis: yaw &gt; 0 moves
 * the camera towards +x, pitch &gt; 0 moves it up. They circle the official camera's pivot (0,
 * 0.01, 0), so at yaw = pitch = 0, radius 4.2 and a 12° field of view an orbit camera is exactly
 * {@link #front()}.
 *
 * <p>A field of view here is always the true (vertical and horizontal) angle the image spans: focal
 * = 0.5 / tan(fov / 2) in normalised units. The official {@code FOV_to_intrinsics} helper has an
 * extra √2 factor that made its "fov" nominal; {@link #intrinsicsFromOfficialFov} keeps it for
 * comparison with that code only. One convention runs from the API's {@code fov} through the worker
 * and the trainer's cameras.
 */
public final class Cameras {

  /** Camera distance of the official default (frontal) camera. */
  public static final float DEFAULT_RADIUS = 4.2f;

  /** Normalised focal length in the official example camera files (true FOV ≈ 12°). */
  public static final float OFFICIAL_FOCAL = 4.7572f;

  /** True field of view of {@link #OFFICIAL_FOCAL}, about 12.0°: the default of every view. */
  public static final float DEFAULT_FOV_DEG = fovFromFocal(OFFICIAL_FOCAL);

  /** Height of the official front camera above the world origin, and of every orbit's pivot. */
  public static final float PIVOT_HEIGHT = 0.01f;

  private static final float[] WORLD_UP = {0f, 1f, 0f};
  private static final float[] PIVOT = {0f, PIVOT_HEIGHT, 0f};

  private Cameras() {}

  /**
   * The official default-mode camera: identity rotation at (0, 0.01, 4.2) with the official focal
   * length; head pose then comes from the subject, not the camera.
   */
  public static Camera front() {
    float[] c2w = {
      1f, 0f, 0f, 0f, 0f, 1f, 0f, PIVOT_HEIGHT, 0f, 0f, 1f, DEFAULT_RADIUS, 0f, 0f, 0f, 1f
    };
    return new Camera(c2w, intrinsicsFromFocal(OFFICIAL_FOCAL));
  }

  /**
   * A camera at {@code eye} looking at {@code target}.
   *
   * @param eye camera centre
   * @param target point that projects to the principal point
   * @param up approximate up direction; must not be parallel to the viewing direction
   * @param intrinsics 9 normalised intrinsics, row-major
   * @return the camera
   */
  public static Camera lookAt(float[] eye, float[] target, float[] up, float[] intrinsics) {
    double[] back = Vec3.normalize(Vec3.sub(eye, target));
    double[] right = Vec3.cross(Vec3.of(up), back);
    if (Vec3.length(right) < 1e-9) {
      throw new IllegalArgumentException("up is parallel to the viewing direction");
    }
    right = Vec3.normalize(right);
    double[] trueUp = Vec3.cross(back, right);
    float[] c2w = new float[16];
    for (int row = 0; row < 3; row++) {
      c2w[row * 4] = (float) right[row];
      c2w[row * 4 + 1] = (float) trueUp[row];
      c2w[row * 4 + 2] = (float) back[row];
      c2w[row * 4 + 3] = eye[row];
    }
    c2w[15] = 1f;
    return new Camera(c2w, intrinsics);
  }

  /** {@link #lookAt(float[], float[], float[], float[])} with the official focal length. */
  public static Camera lookAt(float[] eye, float[] target, float[] up) {
    return lookAt(eye, target, up, intrinsicsFromFocal(OFFICIAL_FOCAL));
  }

  /**
   * A camera on a sphere around the pivot (0, 0.01, 0), looking at it with world-up = +y.
   *
   * @param yawDeg rotation about +y; positive moves the camera towards +x
   * @param pitchDeg elevation; positive moves the camera up; |pitch| &lt; 90
   * @param radius distance to the pivot
   * @param fovDeg true field of view, see {@link #intrinsicsFromFov}
   * @return the camera
   */
  public static Camera orbit(float yawDeg, float pitchDeg, float radius, float fovDeg) {
    if (!(Math.abs(pitchDeg) < 90f)) {
      throw new IllegalArgumentException("|pitch| must be < 90 degrees, got " + pitchDeg);
    }
    if (!(radius > 0f)) {
      throw new IllegalArgumentException("radius must be positive, got " + radius);
    }
    double yaw = Math.toRadians(yawDeg);
    double pitch = Math.toRadians(pitchDeg);
    float[] eye = {
      (float) (PIVOT[0] + radius * Math.cos(pitch) * Math.sin(yaw)),
      (float) (PIVOT[1] + radius * Math.sin(pitch)),
      (float) (PIVOT[2] + radius * Math.cos(pitch) * Math.cos(yaw))
    };
    return lookAt(eye, PIVOT, WORLD_UP, intrinsicsFromFov(fovDeg));
  }

  /** {@link #orbit(float, float, float, float)} at the default radius and field of view. */
  public static Camera orbit(float yawDeg, float pitchDeg) {
    return orbit(yawDeg, pitchDeg, DEFAULT_RADIUS, DEFAULT_FOV_DEG);
  }

  /**
   * {@code n} cameras evenly spaced over a full turn of yaw (starting frontal) at a fixed pitch.
   */
  public static List<Camera> orbitPath(int n, float pitchDeg, float radius, float fovDeg) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    List<Camera> path = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      path.add(orbit(360f * i / n, pitchDeg, radius, fovDeg));
    }
    return path;
  }

  /**
   * A grid of views, row-major with pitch rows (top row = highest pitch) and yaw columns (left
   * column = most negative yaw). Angles are evenly spaced over [−max, max]; a single step gives 0.
   */
  public static List<Camera> yawPitchGrid(
      int yawSteps,
      float maxYawDeg,
      int pitchSteps,
      float maxPitchDeg,
      float radius,
      float fovDeg) {
    if (yawSteps < 1 || pitchSteps < 1) {
      throw new IllegalArgumentException("grid steps must be >= 1");
    }
    List<Camera> grid = new ArrayList<>(yawSteps * pitchSteps);
    for (int p = 0; p < pitchSteps; p++) {
      float pitch = -spread(p, pitchSteps, maxPitchDeg);
      for (int y = 0; y < yawSteps; y++) {
        grid.add(orbit(spread(y, yawSteps, maxYawDeg), pitch, radius, fovDeg));
      }
    }
    return grid;
  }

  /**
   * Normalised intrinsics whose image spans {@code fovDeg}: focal = 0.5 / tan(fov/2), principal
   * point (0.5, 0.5).
   */
  public static float[] intrinsicsFromFov(float fovDeg) {
    checkFov(fovDeg);
    return intrinsicsFromFocal((float) (0.5 / Math.tan(Math.toRadians(fovDeg) / 2.0)));
  }

  /**
   * Normalised intrinsics as the official {@code FOV_to_intrinsics} helper computes them: focal = 1
   * / (tan(fov/2)·1.414). Its {@code fov} is nominal (the result spans about fov/√2); kept only to
   * compare with that code.
   */
  public static float[] intrinsicsFromOfficialFov(float fovDeg) {
    checkFov(fovDeg);
    return intrinsicsFromFocal((float) (1.0 / (Math.tan(Math.toRadians(fovDeg) / 2.0) * 1.414)));
  }

  private static void checkFov(float fovDeg) {
    if (!(fovDeg > 0f && fovDeg < 180f)) {
      throw new IllegalArgumentException("fov must be in (0, 180) degrees, got " + fovDeg);
    }
  }

  /** Normalised intrinsics with focal {@code focal} and the principal point at the centre. */
  public static float[] intrinsicsFromFocal(float focal) {
    return new float[] {focal, 0f, 0.5f, 0f, focal, 0.5f, 0f, 0f, 1f};
  }

  /**
   * Inverse of {@link #intrinsicsFromFov}: the true field of view of normalised focal {@code
   * focal}.
   */
  public static float fovFromFocal(float focal) {
    return (float) Math.toDegrees(2.0 * Math.atan(0.5 / focal));
  }

  private static float spread(int i, int steps, float max) {
    return steps == 1 ? 0f : -max + 2f * max * i / (steps - 1);
  }
}
