package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.synthesizer.camera.Camera;
import java.util.List;

/**
 * Builds pixel-centre rays from official 25-number cameras.
 *
 * <p>Pixel (row i, column j) has normalised coordinates u = (j + 0.5)/R, v = (i + 0.5)/R; its
 * camera-space direction is ((u − cx)/fx, −(v − cy)/fy, −1) (OpenGL axes, image y pointing down),
 * rotated to world space by cam2world and normalised. Skew is ignored (always 0 in practice).
 *
 * <p>Near/far use the official "auto-plane" rule: a camera samples t in |z₀| ∓ boxWarp/2, where z₀
 * is the depth of the world origin in that camera's frame.
 */
public final class RaySampler {

  private RaySampler() {}

  /**
   * Rays for every camera, computed in double precision on the host and uploaded once.
   *
   * @param manager owner (and device) of the arrays
   * @param cameras N cameras
   * @param resolution R
   * @param boxWarp side of the triplane cube
   * @return the rays
   */
  public static Rays sample(
      NDManager manager, List<Camera> cameras, int resolution, float boxWarp) {
    int n = cameras.size();
    if (n == 0) {
      throw new IllegalArgumentException("at least one camera is required");
    }
    int m = resolution * resolution;
    float[] origins = new float[n * 3];
    float[] directions = new float[n * m * 3];
    float[] near = new float[n];
    float[] far = new float[n];
    for (int c = 0; c < n; c++) {
      Camera camera = cameras.get(c);
      System.arraycopy(camera.position(), 0, origins, c * 3, 3);
      fillDirections(camera, resolution, directions, c * m * 3);
      float depth = Math.abs(camera.originDepth());
      near[c] = depth - boxWarp / 2f;
      far[c] = depth + boxWarp / 2f;
      if (!(near[c] > 0f)) {
        throw new IllegalArgumentException(
            "camera " + c + " is inside the triplane box (origin depth " + depth + ")");
      }
    }
    return new Rays(
        manager.create(origins, new Shape(n, 1, 3)),
        manager.create(directions, new Shape(n, m, 3)),
        manager.create(near, new Shape(n, 1, 1)),
        manager.create(far, new Shape(n, 1, 1)));
  }

  private static void fillDirections(Camera camera, int resolution, float[] out, int offset) {
    float[] c2w = camera.cam2world();
    float[] k = camera.intrinsics();
    double fx = k[0];
    double cx = k[2];
    double fy = k[4];
    double cy = k[5];
    int o = offset;
    for (int i = 0; i < resolution; i++) {
      double yCam = -((i + 0.5) / resolution - cy) / fy;
      for (int j = 0; j < resolution; j++) {
        double xCam = ((j + 0.5) / resolution - cx) / fx;
        double dx = c2w[0] * xCam + c2w[1] * yCam - c2w[2];
        double dy = c2w[4] * xCam + c2w[5] * yCam - c2w[6];
        double dz = c2w[8] * xCam + c2w[9] * yCam - c2w[10];
        double norm = Math.sqrt(dx * dx + dy * dy + dz * dz);
        out[o++] = (float) (dx / norm);
        out[o++] = (float) (dy / norm);
        out[o++] = (float) (dz / norm);
      }
    }
  }
}
